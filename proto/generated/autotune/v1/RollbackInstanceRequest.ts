// Original file: proto/autotune/v1/recommendation.proto


export interface RollbackInstanceRequest {
  'instanceId'?: (string);
  'actor'?: (string);
}

export interface RollbackInstanceRequest__Output {
  'instanceId': (string);
  'actor': (string);
}
