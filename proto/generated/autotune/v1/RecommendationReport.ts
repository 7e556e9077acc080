// Original file: proto/autotune/v1/recommendation.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';
import type { BenchmarkResult as _autotune_v1_BenchmarkResult, BenchmarkResult__Output as _autotune_v1_BenchmarkResult__Output } from '../../autotune/v1/BenchmarkResult';
import type { RatioEstimate as _autotune_v1_RatioEstimate, RatioEstimate__Output as _autotune_v1_RatioEstimate__Output } from '../../autotune/v1/RatioEstimate';
import type { KnobAblation as _autotune_v1_KnobAblation, KnobAblation__Output as _autotune_v1_KnobAblation__Output } from '../../autotune/v1/KnobAblation';

export interface RecommendationReport {
  'sessionId'?: (string);
  'baselineKnobs'?: (_autotune_v1_KnobSetting)[];
  'recommendedKnobs'?: (_autotune_v1_KnobSetting)[];
  'baseline'?: (_autotune_v1_BenchmarkResult | null);
  'recommended'?: (_autotune_v1_BenchmarkResult | null);
  'tpsRatio'?: (_autotune_v1_RatioEstimate | null);
  'p95Ratio'?: (_autotune_v1_RatioEstimate | null);
  'significant'?: (boolean);
  'alterSystem'?: (string)[];
  'postgresqlConf'?: (string);
  'summary'?: (string);
  'reportJson'?: (string);
  'ablation'?: (_autotune_v1_KnobAblation)[];
  'approvalState'?: (string);
  'decidedBy'?: (string);
  'round'?: (number);
}

export interface RecommendationReport__Output {
  'sessionId': (string);
  'baselineKnobs': (_autotune_v1_KnobSetting__Output)[];
  'recommendedKnobs': (_autotune_v1_KnobSetting__Output)[];
  'baseline': (_autotune_v1_BenchmarkResult__Output | null);
  'recommended': (_autotune_v1_BenchmarkResult__Output | null);
  'tpsRatio': (_autotune_v1_RatioEstimate__Output | null);
  'p95Ratio': (_autotune_v1_RatioEstimate__Output | null);
  'significant': (boolean);
  'alterSystem': (string)[];
  'postgresqlConf': (string);
  'summary': (string);
  'reportJson': (string);
  'ablation': (_autotune_v1_KnobAblation__Output)[];
  'approvalState': (string);
  'decidedBy': (string);
  'round': (number);
}
