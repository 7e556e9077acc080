// Original file: proto/autotune/v1/common.proto


export interface Metric {
  'name'?: (string);
  'value'?: (number | string);
  'counter'?: (boolean);
}

export interface Metric__Output {
  'name': (string);
  'value': (number);
  'counter': (boolean);
}
