// Original file: proto/autotune/v1/recommendation.proto


export interface CancelSessionRequest {
  'id'?: (string);
}

export interface CancelSessionRequest__Output {
  'id': (string);
}
