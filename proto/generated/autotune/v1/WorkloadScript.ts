// Original file: proto/autotune/v1/common.proto


export interface WorkloadScript {
  'builtin'?: (string);
  'file'?: (string);
  'weight'?: (number);
}

export interface WorkloadScript__Output {
  'builtin': (string);
  'file': (string);
  'weight': (number);
}
