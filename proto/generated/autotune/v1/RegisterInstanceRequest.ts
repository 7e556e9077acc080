// Original file: proto/autotune/v1/discovery.proto


export interface RegisterInstanceRequest {
  'name'?: (string);
  'collectorAddress'?: (string);
}

export interface RegisterInstanceRequest__Output {
  'name': (string);
  'collectorAddress': (string);
}
