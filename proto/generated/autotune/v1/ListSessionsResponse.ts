// Original file: proto/autotune/v1/recommendation.proto

import type { Session as _autotune_v1_Session, Session__Output as _autotune_v1_Session__Output } from '../../autotune/v1/Session';

export interface ListSessionsResponse {
  'sessions'?: (_autotune_v1_Session)[];
  'nextPageToken'?: (string);
}

export interface ListSessionsResponse__Output {
  'sessions': (_autotune_v1_Session__Output)[];
  'nextPageToken': (string);
}
