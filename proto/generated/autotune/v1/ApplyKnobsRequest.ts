// Original file: proto/autotune/v1/collector.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface ApplyKnobsRequest {
  'knobs'?: (_autotune_v1_KnobSetting)[];
  'allowDurabilityRisk'?: (boolean);
  'restartTimeoutS'?: (number);
}

export interface ApplyKnobsRequest__Output {
  'knobs': (_autotune_v1_KnobSetting__Output)[];
  'allowDurabilityRisk': (boolean);
  'restartTimeoutS': (number);
}
