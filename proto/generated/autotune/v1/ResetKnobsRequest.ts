// Original file: proto/autotune/v1/collector.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface ResetKnobsRequest {
  'knobs'?: (_autotune_v1_KnobSetting)[];
}

export interface ResetKnobsRequest__Output {
  'knobs': (_autotune_v1_KnobSetting__Output)[];
}
