// Original file: proto/autotune/v1/recommendation.proto


export interface GetRecommendationRequest {
  'sessionId'?: (string);
}

export interface GetRecommendationRequest__Output {
  'sessionId': (string);
}
