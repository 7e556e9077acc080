// Original file: proto/autotune/v1/recommendation.proto


export interface DecideRecommendationRequest {
  'sessionId'?: (string);
  'approver'?: (string);
}

export interface DecideRecommendationRequest__Output {
  'sessionId': (string);
  'approver': (string);
}
