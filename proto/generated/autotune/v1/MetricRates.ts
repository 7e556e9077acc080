// Original file: proto/autotune/v1/common.proto

import type { Metric as _autotune_v1_Metric, Metric__Output as _autotune_v1_Metric__Output } from '../../autotune/v1/Metric';

export interface MetricRates {
  'windowS'?: (number | string);
  'metrics'?: (_autotune_v1_Metric)[];
}

export interface MetricRates__Output {
  'windowS': (number);
  'metrics': (_autotune_v1_Metric__Output)[];
}
