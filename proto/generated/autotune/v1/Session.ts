// Original file: proto/autotune/v1/recommendation.proto

import type { SessionOptions as _autotune_v1_SessionOptions, SessionOptions__Output as _autotune_v1_SessionOptions__Output } from '../../autotune/v1/SessionOptions';
import type { WatchVerdict as _autotune_v1_WatchVerdict, WatchVerdict__Output as _autotune_v1_WatchVerdict__Output } from '../../autotune/v1/WatchVerdict';
import type { Long } from '@grpc/proto-loader';

export interface Session {
  'id'?: (string);
  'instanceId'?: (string);
  'status'?: (string);
  'options'?: (_autotune_v1_SessionOptions | null);
  'iterationsDone'?: (number);
  'baselineTps'?: (number | string);
  'bestTps'?: (number | string);
  'createdAtMs'?: (number | string | Long);
  'startedAtMs'?: (number | string | Long);
  'finishedAtMs'?: (number | string | Long);
  'error'?: (string);
  'pausedReason'?: (string);
  'instanceName'?: (string);
  'round'?: (number);
  'lastWatch'?: (_autotune_v1_WatchVerdict | null);
}

export interface Session__Output {
  'id': (string);
  'instanceId': (string);
  'status': (string);
  'options': (_autotune_v1_SessionOptions__Output | null);
  'iterationsDone': (number);
  'baselineTps': (number);
  'bestTps': (number);
  'createdAtMs': (number);
  'startedAtMs': (number);
  'finishedAtMs': (number);
  'error': (string);
  'pausedReason': (string);
  'instanceName': (string);
  'round': (number);
  'lastWatch': (_autotune_v1_WatchVerdict__Output | null);
}
