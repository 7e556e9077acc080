// Original file: proto/autotune/v1/recommendation.proto


export interface RatioEstimate {
  'median'?: (number | string);
  'low'?: (number | string);
  'high'?: (number | string);
}

export interface RatioEstimate__Output {
  'median': (number);
  'low': (number);
  'high': (number);
}
