// Original file: proto/autotune/v1/common.proto


export interface KnobSetting {
  'name'?: (string);
  'value'?: (string);
}

export interface KnobSetting__Output {
  'name': (string);
  'value': (string);
}
