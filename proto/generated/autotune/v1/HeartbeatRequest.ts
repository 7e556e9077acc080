// Original file: proto/autotune/v1/discovery.proto


export interface HeartbeatRequest {
  'id'?: (string);
}

export interface HeartbeatRequest__Output {
  'id': (string);
}
