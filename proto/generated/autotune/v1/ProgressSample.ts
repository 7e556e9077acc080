// Original file: proto/autotune/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface ProgressSample {
  'atS'?: (number | string);
  'tps'?: (number | string);
  'latencyMs'?: (number | string);
  'stddevMs'?: (number | string);
  'failed'?: (number | string | Long);
}

export interface ProgressSample__Output {
  'atS': (number);
  'tps': (number);
  'latencyMs': (number);
  'stddevMs': (number);
  'failed': (number);
}
