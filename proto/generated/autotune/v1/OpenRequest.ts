// Original file: proto/autotune/v1/environment.proto

import type { BenchmarkSpec as _autotune_v1_BenchmarkSpec, BenchmarkSpec__Output as _autotune_v1_BenchmarkSpec__Output } from '../../autotune/v1/BenchmarkSpec';
import type { RewardWeights as _autotune_v1_RewardWeights, RewardWeights__Output as _autotune_v1_RewardWeights__Output } from '../../autotune/v1/RewardWeights';
import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface OpenRequest {
  'collectorAddress'?: (string);
  'knobs'?: (string)[];
  'benchmark'?: (_autotune_v1_BenchmarkSpec | null);
  'rewardWeights'?: (_autotune_v1_RewardWeights | null);
  'allowDurabilityRisk'?: (boolean);
  'allowRestart'?: (boolean);
  'startKnobs'?: (_autotune_v1_KnobSetting)[];
}

export interface OpenRequest__Output {
  'collectorAddress': (string);
  'knobs': (string)[];
  'benchmark': (_autotune_v1_BenchmarkSpec__Output | null);
  'rewardWeights': (_autotune_v1_RewardWeights__Output | null);
  'allowDurabilityRisk': (boolean);
  'allowRestart': (boolean);
  'startKnobs': (_autotune_v1_KnobSetting__Output)[];
}
