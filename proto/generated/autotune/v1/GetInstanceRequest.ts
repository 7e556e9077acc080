// Original file: proto/autotune/v1/discovery.proto


export interface GetInstanceRequest {
  'id'?: (string);
}

export interface GetInstanceRequest__Output {
  'id': (string);
}
