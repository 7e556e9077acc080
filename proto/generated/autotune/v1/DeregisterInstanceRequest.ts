// Original file: proto/autotune/v1/discovery.proto


export interface DeregisterInstanceRequest {
  'id'?: (string);
}

export interface DeregisterInstanceRequest__Output {
  'id': (string);
}
