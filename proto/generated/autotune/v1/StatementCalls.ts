// Original file: proto/autotune/v1/collector.proto

import type { Long } from '@grpc/proto-loader';

export interface StatementCalls {
  'queryid'?: (string);
  'calls'?: (number | string | Long);
  'totalExecTimeMs'?: (number | string);
}

export interface StatementCalls__Output {
  'queryid': (string);
  'calls': (number);
  'totalExecTimeMs': (number);
}
