// Original file: proto/autotune/v1/common.proto

import type { LatencyStats as _autotune_v1_LatencyStats, LatencyStats__Output as _autotune_v1_LatencyStats__Output } from '../../autotune/v1/LatencyStats';
import type { ProgressSample as _autotune_v1_ProgressSample, ProgressSample__Output as _autotune_v1_ProgressSample__Output } from '../../autotune/v1/ProgressSample';
import type { Long } from '@grpc/proto-loader';

export interface BenchmarkResult {
  'tps'?: (number | string);
  'latency'?: (_autotune_v1_LatencyStats | null);
  'transactions'?: (number | string | Long);
  'failedTransactions'?: (number | string | Long);
  'durationS'?: (number | string);
  'progress'?: (_autotune_v1_ProgressSample)[];
  'clients'?: (number);
  'threads'?: (number);
  'scale'?: (number | string);
  'queryMode'?: (string);
  'initialConnectionMs'?: (number | string);
  'totalTps'?: (number | string);
  'tpsEstimator'?: (string);
  'checkpointed'?: (boolean);
  'dataReset'?: (boolean);
}

export interface BenchmarkResult__Output {
  'tps': (number);
  'latency': (_autotune_v1_LatencyStats__Output | null);
  'transactions': (number);
  'failedTransactions': (number);
  'durationS': (number);
  'progress': (_autotune_v1_ProgressSample__Output)[];
  'clients': (number);
  'threads': (number);
  'scale': (number);
  'queryMode': (string);
  'initialConnectionMs': (number);
  'totalTps': (number);
  'tpsEstimator': (string);
  'checkpointed': (boolean);
  'dataReset': (boolean);
}
