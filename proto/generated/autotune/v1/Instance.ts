// Original file: proto/autotune/v1/discovery.proto

import type { InstanceWorkload as _autotune_v1_InstanceWorkload, InstanceWorkload__Output as _autotune_v1_InstanceWorkload__Output } from '../../autotune/v1/InstanceWorkload';
import type { InstanceLimits as _autotune_v1_InstanceLimits, InstanceLimits__Output as _autotune_v1_InstanceLimits__Output } from '../../autotune/v1/InstanceLimits';
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
  'workload'?: (_autotune_v1_InstanceWorkload | null);
  'knobs'?: (string)[];
  'limits'?: (_autotune_v1_InstanceLimits | null);
  'labels'?: ({[key: string]: string});
  'target'?: (string);
  'dataDir'?: (string);
  'collectorProblem'?: (string);
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
  'workload': (_autotune_v1_InstanceWorkload__Output | null);
  'knobs': (string)[];
  'limits': (_autotune_v1_InstanceLimits__Output | null);
  'labels': ({[key: string]: string});
  'target': (string);
  'dataDir': (string);
  'collectorProblem': (string);
}
