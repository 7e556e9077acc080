// Original file: proto/autotune/v1/environment.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface CloseResponse {
  'inEffect'?: (_autotune_v1_KnobSetting)[];
}

export interface CloseResponse__Output {
  'inEffect': (_autotune_v1_KnobSetting__Output)[];
}
