// Original file: proto/autotune/v1/collector.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface ResetKnobsResponse {
  'restarted'?: (boolean);
  'inEffect'?: (_autotune_v1_KnobSetting)[];
}

export interface ResetKnobsResponse__Output {
  'restarted': (boolean);
  'inEffect': (_autotune_v1_KnobSetting__Output)[];
}
