// Original file: proto/autotune/v1/environment.proto


export interface ResetRequest {
  'envId'?: (string);
}

export interface ResetRequest__Output {
  'envId': (string);
}
