// Original file: proto/autotune/v1/collector.proto


export interface GetKnobsRequest {
  'names'?: (string)[];
}

export interface GetKnobsRequest__Output {
  'names': (string)[];
}
