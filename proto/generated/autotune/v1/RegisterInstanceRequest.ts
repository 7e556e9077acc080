// Original file: proto/autotune/v1/discovery.proto

import type { InstanceWorkload as _autotune_v1_InstanceWorkload, InstanceWorkload__Output as _autotune_v1_InstanceWorkload__Output } from '../../autotune/v1/InstanceWorkload';
import type { InstanceLimits as _autotune_v1_InstanceLimits, InstanceLimits__Output as _autotune_v1_InstanceLimits__Output } from '../../autotune/v1/InstanceLimits';

export interface RegisterInstanceRequest {
  'name'?: (string);
  'collectorAddress'?: (string);
  'target'?: (string);
  'dataDir'?: (string);
  'workload'?: (_autotune_v1_InstanceWorkload | null);
  'knobs'?: (string)[];
  'limits'?: (_autotune_v1_InstanceLimits | null);
  'labels'?: ({[key: string]: string});
  'collectorProblem'?: (string);
}

export interface RegisterInstanceRequest__Output {
  'name': (string);
  'collectorAddress': (string);
  'target': (string);
  'dataDir': (string);
  'workload': (_autotune_v1_InstanceWorkload__Output | null);
  'knobs': (string)[];
  'limits': (_autotune_v1_InstanceLimits__Output | null);
  'labels': ({[key: string]: string});
  'collectorProblem': (string);
}
