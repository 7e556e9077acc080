// Original file: proto/autotune/v1/recommendation.proto

import type { SessionOptions as _autotune_v1_SessionOptions, SessionOptions__Output as _autotune_v1_SessionOptions__Output } from '../../autotune/v1/SessionOptions';

export interface CreateSessionRequest {
  'instanceId'?: (string);
  'options'?: (_autotune_v1_SessionOptions | null);
}

export interface CreateSessionRequest__Output {
  'instanceId': (string);
  'options': (_autotune_v1_SessionOptions__Output | null);
}
