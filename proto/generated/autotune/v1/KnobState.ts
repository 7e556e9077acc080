// Original file: proto/autotune/v1/collector.proto

import type { SafeRange as _autotune_v1_SafeRange, SafeRange__Output as _autotune_v1_SafeRange__Output } from '../../autotune/v1/SafeRange';

export interface KnobState {
  'name'?: (string);
  'value'?: (string);
  'unit'?: (string);
  'context'?: (string);
  'vartype'?: (string);
  'pgMin'?: (string);
  'pgMax'?: (string);
  'pendingRestart'?: (boolean);
  'safeRange'?: (_autotune_v1_SafeRange | null);
  'scale'?: (string);
  'restartRequired'?: (boolean);
  'durabilityRisk'?: (string);
  'bootValue'?: (string);
  'enumValues'?: (string)[];
  'groups'?: (string)[];
}

export interface KnobState__Output {
  'name': (string);
  'value': (string);
  'unit': (string);
  'context': (string);
  'vartype': (string);
  'pgMin': (string);
  'pgMax': (string);
  'pendingRestart': (boolean);
  'safeRange': (_autotune_v1_SafeRange__Output | null);
  'scale': (string);
  'restartRequired': (boolean);
  'durabilityRisk': (string);
  'bootValue': (string);
  'enumValues': (string)[];
  'groups': (string)[];
}
