// Original file: proto/autotune/v1/recommendation.proto


export interface GetSessionRequest {
  'id'?: (string);
}

export interface GetSessionRequest__Output {
  'id': (string);
}
