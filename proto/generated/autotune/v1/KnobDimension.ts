// Original file: proto/autotune/v1/environment.proto


export interface KnobDimension {
  'name'?: (string);
  'min'?: (number | string);
  'max'?: (number | string);
  'scale'?: (string);
  'unit'?: (string);
  'choices'?: (string)[];
  'baseline'?: (string);
  'integer'?: (boolean);
}

export interface KnobDimension__Output {
  'name': (string);
  'min': (number);
  'max': (number);
  'scale': (string);
  'unit': (string);
  'choices': (string)[];
  'baseline': (string);
  'integer': (boolean);
}
