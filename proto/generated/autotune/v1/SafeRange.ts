// Original file: proto/autotune/v1/collector.proto


export interface SafeRange {
  'min'?: (number | string);
  'max'?: (number | string);
  'allowed'?: (string)[];
}

export interface SafeRange__Output {
  'min': (number);
  'max': (number);
  'allowed': (string)[];
}
