// Original file: proto/autotune/v1/collector.proto

import type { BenchmarkSpec as _autotune_v1_BenchmarkSpec, BenchmarkSpec__Output as _autotune_v1_BenchmarkSpec__Output } from '../../autotune/v1/BenchmarkSpec';

export interface RunBenchmarkRequest {
  'spec'?: (_autotune_v1_BenchmarkSpec | null);
}

export interface RunBenchmarkRequest__Output {
  'spec': (_autotune_v1_BenchmarkSpec__Output | null);
}
