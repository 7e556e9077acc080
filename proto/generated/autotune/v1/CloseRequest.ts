// Original file: proto/autotune/v1/environment.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface CloseRequest {
  'envId'?: (string);
  'keepCurrent'?: (boolean);
  'original'?: (_autotune_v1_KnobSetting)[];
}

export interface CloseRequest__Output {
  'envId': (string);
  'keepCurrent': (boolean);
  'original': (_autotune_v1_KnobSetting__Output)[];
}
