// Original file: proto/autotune/v1/recommendation.proto


export interface SessionReport {
  'sessionId'?: (string);
  'reportJson'?: (string);
}

export interface SessionReport__Output {
  'sessionId': (string);
  'reportJson': (string);
}
