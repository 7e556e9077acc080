// Original file: proto/autotune/v1/recommendation.proto


export interface GetReportRequest {
  'sessionId'?: (string);
}

export interface GetReportRequest__Output {
  'sessionId': (string);
}
