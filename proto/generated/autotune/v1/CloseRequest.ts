// Original file: proto/autotune/v1/environment.proto


export interface CloseRequest {
  'envId'?: (string);
  'keepCurrent'?: (boolean);
}

export interface CloseRequest__Output {
  'envId': (string);
  'keepCurrent': (boolean);
}
