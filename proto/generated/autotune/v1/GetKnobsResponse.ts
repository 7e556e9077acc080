// Original file: proto/autotune/v1/collector.proto

import type { KnobState as _autotune_v1_KnobState, KnobState__Output as _autotune_v1_KnobState__Output } from '../../autotune/v1/KnobState';

export interface GetKnobsResponse {
  'knobs'?: (_autotune_v1_KnobState)[];
}

export interface GetKnobsResponse__Output {
  'knobs': (_autotune_v1_KnobState__Output)[];
}
