// Original file: proto/autotune/v1/collector.proto


export interface PrepareWorkloadResponse {
  'seconds'?: (number | string);
  'scale'?: (number);
}

export interface PrepareWorkloadResponse__Output {
  'seconds': (number);
  'scale': (number);
}
