// Original file: proto/autotune/v1/environment.proto

import type { BenchmarkResult as _autotune_v1_BenchmarkResult, BenchmarkResult__Output as _autotune_v1_BenchmarkResult__Output } from '../../autotune/v1/BenchmarkResult';
import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';
import type { MetricRates as _autotune_v1_MetricRates, MetricRates__Output as _autotune_v1_MetricRates__Output } from '../../autotune/v1/MetricRates';

export interface StepOutcome {
  'state'?: (number | string)[];
  'benchmark'?: (_autotune_v1_BenchmarkResult | null);
  'knobs'?: (_autotune_v1_KnobSetting)[];
  'restarted'?: (boolean);
  'rolledBack'?: (boolean);
  'error'?: (string);
  'rates'?: (_autotune_v1_MetricRates | null);
}

export interface StepOutcome__Output {
  'state': (number)[];
  'benchmark': (_autotune_v1_BenchmarkResult__Output | null);
  'knobs': (_autotune_v1_KnobSetting__Output)[];
  'restarted': (boolean);
  'rolledBack': (boolean);
  'error': (string);
  'rates': (_autotune_v1_MetricRates__Output | null);
}
