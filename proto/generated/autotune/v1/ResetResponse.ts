// Original file: proto/autotune/v1/environment.proto

import type { StepOutcome as _autotune_v1_StepOutcome, StepOutcome__Output as _autotune_v1_StepOutcome__Output } from '../../autotune/v1/StepOutcome';

export interface ResetResponse {
  'baseline'?: (_autotune_v1_StepOutcome | null);
}

export interface ResetResponse__Output {
  'baseline': (_autotune_v1_StepOutcome__Output | null);
}
