// Original file: proto/autotune/v1/collector.proto

import type { Long } from '@grpc/proto-loader';

export interface ServerInfo {
  'serverVersion'?: (string);
  'serverVersionNum'?: (number);
  'hostMemoryBytes'?: (number | string | Long);
  'hostCpus'?: (number);
  'canRestart'?: (boolean);
  'maxConnections'?: (number);
  'target'?: (string);
  'autovacuumMaxWorkers'?: (number);
}

export interface ServerInfo__Output {
  'serverVersion': (string);
  'serverVersionNum': (number);
  'hostMemoryBytes': (number);
  'hostCpus': (number);
  'canRestart': (boolean);
  'maxConnections': (number);
  'target': (string);
  'autovacuumMaxWorkers': (number);
}
