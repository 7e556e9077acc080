// Original file: proto/autotune/v1/environment.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface MeasureRequest {
  'envId'?: (string);
  'knobs'?: (_autotune_v1_KnobSetting)[];
}

export interface MeasureRequest__Output {
  'envId': (string);
  'knobs': (_autotune_v1_KnobSetting__Output)[];
}
