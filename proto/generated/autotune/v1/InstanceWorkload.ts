// Original file: proto/autotune/v1/discovery.proto

import type { BenchmarkSpec as _autotune_v1_BenchmarkSpec, BenchmarkSpec__Output as _autotune_v1_BenchmarkSpec__Output } from '../../autotune/v1/BenchmarkSpec';

export interface InstanceWorkload {
  'preset'?: (string);
  'benchmark'?: (_autotune_v1_BenchmarkSpec | null);
  'kind'?: "preset"|"benchmark";
}

export interface InstanceWorkload__Output {
  'preset'?: (string);
  'benchmark'?: (_autotune_v1_BenchmarkSpec__Output | null);
  'kind'?: "preset"|"benchmark";
}
