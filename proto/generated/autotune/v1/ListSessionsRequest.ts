// Original file: proto/autotune/v1/recommendation.proto


export interface ListSessionsRequest {
  'instanceId'?: (string);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListSessionsRequest__Output {
  'instanceId': (string);
  'pageSize': (number);
  'pageToken': (string);
}
