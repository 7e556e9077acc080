// Original file: proto/autotune/v1/recommendation.proto


export interface ListSessionsRequest {
  'instanceId'?: (string);
}

export interface ListSessionsRequest__Output {
  'instanceId': (string);
}
