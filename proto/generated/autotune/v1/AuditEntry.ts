// Original file: proto/autotune/v1/recommendation.proto

import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';
import type { Long } from '@grpc/proto-loader';

export interface AuditEntry {
  'id'?: (string);
  'instanceId'?: (string);
  'sessionId'?: (string);
  'action'?: (string);
  'actor'?: (string);
  'appliedKnobs'?: (_autotune_v1_KnobSetting)[];
  'replacedKnobs'?: (_autotune_v1_KnobSetting)[];
  'atMs'?: (number | string | Long);
  'outcome'?: (string);
}

export interface AuditEntry__Output {
  'id': (string);
  'instanceId': (string);
  'sessionId': (string);
  'action': (string);
  'actor': (string);
  'appliedKnobs': (_autotune_v1_KnobSetting__Output)[];
  'replacedKnobs': (_autotune_v1_KnobSetting__Output)[];
  'atMs': (number);
  'outcome': (string);
}
