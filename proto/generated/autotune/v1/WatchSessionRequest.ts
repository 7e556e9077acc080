// Original file: proto/autotune/v1/recommendation.proto


export interface WatchSessionRequest {
  'id'?: (string);
}

export interface WatchSessionRequest__Output {
  'id': (string);
}
