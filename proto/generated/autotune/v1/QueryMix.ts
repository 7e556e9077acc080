// Original file: proto/autotune/v1/collector.proto

import type { StatementCalls as _autotune_v1_StatementCalls, StatementCalls__Output as _autotune_v1_StatementCalls__Output } from '../../autotune/v1/StatementCalls';
import type { Long } from '@grpc/proto-loader';

export interface QueryMix {
  'available'?: (boolean);
  'reason'?: (string);
  'readingId'?: (string);
  'interval'?: (boolean);
  'statements'?: (_autotune_v1_StatementCalls)[];
  'otherCalls'?: (number | string | Long);
  'otherExecTimeMs'?: (number | string);
  'totalCalls'?: (number | string | Long);
}

export interface QueryMix__Output {
  'available': (boolean);
  'reason': (string);
  'readingId': (string);
  'interval': (boolean);
  'statements': (_autotune_v1_StatementCalls__Output)[];
  'otherCalls': (number);
  'otherExecTimeMs': (number);
  'totalCalls': (number);
}
