// Original file: proto/autotune/v1/environment.proto

import type { StepOutcome as _autotune_v1_StepOutcome, StepOutcome__Output as _autotune_v1_StepOutcome__Output } from '../../autotune/v1/StepOutcome';

export interface StepResponse {
  'outcome'?: (_autotune_v1_StepOutcome | null);
  'reward'?: (number | string);
  'failed'?: (boolean);
}

export interface StepResponse__Output {
  'outcome': (_autotune_v1_StepOutcome__Output | null);
  'reward': (number);
  'failed': (boolean);
}
