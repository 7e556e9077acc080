// Original file: proto/autotune/v1/recommendation.proto


export interface ProgressEvent {
  'sessionId'?: (string);
  'status'?: (string);
  'iteration'?: (number);
  'iterationsTotal'?: (number);
  'tps'?: (number | string);
  'bestTps'?: (number | string);
  'baselineTps'?: (number | string);
  'reward'?: (number | string);
  'message'?: (string);
  'runKind'?: (string);
}

export interface ProgressEvent__Output {
  'sessionId': (string);
  'status': (string);
  'iteration': (number);
  'iterationsTotal': (number);
  'tps': (number);
  'bestTps': (number);
  'baselineTps': (number);
  'reward': (number);
  'message': (string);
  'runKind': (string);
}
