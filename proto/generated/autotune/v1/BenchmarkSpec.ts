// Original file: proto/autotune/v1/common.proto

import type { WorkloadScript as _autotune_v1_WorkloadScript, WorkloadScript__Output as _autotune_v1_WorkloadScript__Output } from '../../autotune/v1/WorkloadScript';

export interface BenchmarkSpec {
  'scripts'?: (_autotune_v1_WorkloadScript)[];
  'clients'?: (number);
  'threads'?: (number);
  'durationS'?: (number);
  'warmupS'?: (number);
  'protocol'?: (string);
  'progressIntervalS'?: (number);
  'checkpoint'?: (string);
  'dataReset'?: (string);
  'dataResetEvery'?: (number);
  'tpsEstimator'?: (string);
}

export interface BenchmarkSpec__Output {
  'scripts': (_autotune_v1_WorkloadScript__Output)[];
  'clients': (number);
  'threads': (number);
  'durationS': (number);
  'warmupS': (number);
  'protocol': (string);
  'progressIntervalS': (number);
  'checkpoint': (string);
  'dataReset': (string);
  'dataResetEvery': (number);
  'tpsEstimator': (string);
}
