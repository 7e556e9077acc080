// Original file: proto/autotune/v1/collector.proto


export interface GetQueryMixRequest {
  'since'?: (string);
  'include'?: (string)[];
}

export interface GetQueryMixRequest__Output {
  'since': (string);
  'include': (string)[];
}
