// Original file: proto/autotune/v1/discovery.proto

import type { Instance as _autotune_v1_Instance, Instance__Output as _autotune_v1_Instance__Output } from '../../autotune/v1/Instance';

export interface ListInstancesResponse {
  'instances'?: (_autotune_v1_Instance)[];
}

export interface ListInstancesResponse__Output {
  'instances': (_autotune_v1_Instance__Output)[];
}
