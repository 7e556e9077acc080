// Original file: proto/autotune/v1/collector.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface ApplyKnobsResponse {
  'applied'?: (boolean);
  'restarted'?: (boolean);
  'rolledBack'?: (boolean);
  'error'?: (string);
  'inEffect'?: (_autotune_v1_KnobSetting)[];
  'pendingRestart'?: (string)[];
}

export interface ApplyKnobsResponse__Output {
  'applied': (boolean);
  'restarted': (boolean);
  'rolledBack': (boolean);
  'error': (string);
  'inEffect': (_autotune_v1_KnobSetting__Output)[];
  'pendingRestart': (string)[];
}
