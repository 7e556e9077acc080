// Original file: proto/autotune/v1/discovery.proto

import type { Long } from '@grpc/proto-loader';

export interface Instance {
  'id'?: (string);
  'name'?: (string);
  'collectorAddress'?: (string);
  'serverVersion'?: (string);
  'hostMemoryBytes'?: (number | string | Long);
  'hostCpus'?: (number);
  'registeredAtMs'?: (number | string | Long);
  'lastHeartbeatMs'?: (number | string | Long);
  'status'?: (string);
}

export interface Instance__Output {
  'id': (string);
  'name': (string);
  'collectorAddress': (string);
  'serverVersion': (string);
  'hostMemoryBytes': (number);
  'hostCpus': (number);
  'registeredAtMs': (number);
  'lastHeartbeatMs': (number);
  'status': (string);
}
