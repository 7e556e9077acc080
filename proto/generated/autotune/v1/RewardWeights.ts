// Original file: proto/autotune/v1/environment.proto


export interface RewardWeights {
  'tps'?: (number | string);
  'latency'?: (number | string);
}

export interface RewardWeights__Output {
  'tps': (number);
  'latency': (number);
}
