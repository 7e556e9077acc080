// Original file: proto/autotune/v1/collector.proto


export interface PrepareWorkloadRequest {
  'scale'?: (number);
}

export interface PrepareWorkloadRequest__Output {
  'scale': (number);
}
