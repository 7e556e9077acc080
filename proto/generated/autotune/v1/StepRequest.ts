// Original file: proto/autotune/v1/environment.proto


export interface StepRequest {
  'envId'?: (string);
  'action'?: (number | string)[];
}

export interface StepRequest__Output {
  'envId': (string);
  'action': (number)[];
}
