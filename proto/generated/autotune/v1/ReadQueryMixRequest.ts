// Original file: proto/autotune/v1/environment.proto


export interface ReadQueryMixRequest {
  'envId'?: (string);
  'since'?: (string);
  'include'?: (string)[];
}

export interface ReadQueryMixRequest__Output {
  'envId': (string);
  'since': (string);
  'include': (string)[];
}
