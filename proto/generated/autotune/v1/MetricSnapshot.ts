// Original file: proto/autotune/v1/common.proto

import type { Metric as _autotune_v1_Metric, Metric__Output as _autotune_v1_Metric__Output } from '../../autotune/v1/Metric';
import type { Long } from '@grpc/proto-loader';

export interface MetricSnapshot {
  'takenAtMs'?: (number | string | Long);
  'metrics'?: (_autotune_v1_Metric)[];
  'serverVersionNum'?: (number);
}

export interface MetricSnapshot__Output {
  'takenAtMs': (number);
  'metrics': (_autotune_v1_Metric__Output)[];
  'serverVersionNum': (number);
}
