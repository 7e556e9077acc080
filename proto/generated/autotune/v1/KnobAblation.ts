// Original file: proto/autotune/v1/recommendation.proto

import type { RatioEstimate as _autotune_v1_RatioEstimate, RatioEstimate__Output as _autotune_v1_RatioEstimate__Output } from '../../autotune/v1/RatioEstimate';

export interface KnobAblation {
  'knob'?: (string);
  'recommendedValue'?: (string);
  'revertedValue'?: (string);
  'tpsWorth'?: (_autotune_v1_RatioEstimate | null);
  'p95Worth'?: (_autotune_v1_RatioEstimate | null);
  'verdict'?: (string);
  'rounds'?: (number);
}

export interface KnobAblation__Output {
  'knob': (string);
  'recommendedValue': (string);
  'revertedValue': (string);
  'tpsWorth': (_autotune_v1_RatioEstimate__Output | null);
  'p95Worth': (_autotune_v1_RatioEstimate__Output | null);
  'verdict': (string);
  'rounds': (number);
}
