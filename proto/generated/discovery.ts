import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { DeregisterInstanceRequest as _autotune_v1_DeregisterInstanceRequest, DeregisterInstanceRequest__Output as _autotune_v1_DeregisterInstanceRequest__Output } from './autotune/v1/DeregisterInstanceRequest';
import type { DeregisterInstanceResponse as _autotune_v1_DeregisterInstanceResponse, DeregisterInstanceResponse__Output as _autotune_v1_DeregisterInstanceResponse__Output } from './autotune/v1/DeregisterInstanceResponse';
import type { DiscoveryClient as _autotune_v1_DiscoveryClient, DiscoveryDefinition as _autotune_v1_DiscoveryDefinition } from './autotune/v1/Discovery';
import type { GetInstanceRequest as _autotune_v1_GetInstanceRequest, GetInstanceRequest__Output as _autotune_v1_GetInstanceRequest__Output } from './autotune/v1/GetInstanceRequest';
import type { HeartbeatRequest as _autotune_v1_HeartbeatRequest, HeartbeatRequest__Output as _autotune_v1_HeartbeatRequest__Output } from './autotune/v1/HeartbeatRequest';
import type { HeartbeatResponse as _autotune_v1_HeartbeatResponse, HeartbeatResponse__Output as _autotune_v1_HeartbeatResponse__Output } from './autotune/v1/HeartbeatResponse';
import type { Instance as _autotune_v1_Instance, Instance__Output as _autotune_v1_Instance__Output } from './autotune/v1/Instance';
import type { ListInstancesRequest as _autotune_v1_ListInstancesRequest, ListInstancesRequest__Output as _autotune_v1_ListInstancesRequest__Output } from './autotune/v1/ListInstancesRequest';
import type { ListInstancesResponse as _autotune_v1_ListInstancesResponse, ListInstancesResponse__Output as _autotune_v1_ListInstancesResponse__Output } from './autotune/v1/ListInstancesResponse';
import type { RegisterInstanceRequest as _autotune_v1_RegisterInstanceRequest, RegisterInstanceRequest__Output as _autotune_v1_RegisterInstanceRequest__Output } from './autotune/v1/RegisterInstanceRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  autotune: {
    v1: {
      DeregisterInstanceRequest: MessageTypeDefinition<_autotune_v1_DeregisterInstanceRequest, _autotune_v1_DeregisterInstanceRequest__Output>
      DeregisterInstanceResponse: MessageTypeDefinition<_autotune_v1_DeregisterInstanceResponse, _autotune_v1_DeregisterInstanceResponse__Output>
      Discovery: SubtypeConstructor<typeof grpc.Client, _autotune_v1_DiscoveryClient> & { service: _autotune_v1_DiscoveryDefinition }
      GetInstanceRequest: MessageTypeDefinition<_autotune_v1_GetInstanceRequest, _autotune_v1_GetInstanceRequest__Output>
      HeartbeatRequest: MessageTypeDefinition<_autotune_v1_HeartbeatRequest, _autotune_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_autotune_v1_HeartbeatResponse, _autotune_v1_HeartbeatResponse__Output>
      Instance: MessageTypeDefinition<_autotune_v1_Instance, _autotune_v1_Instance__Output>
      ListInstancesRequest: MessageTypeDefinition<_autotune_v1_ListInstancesRequest, _autotune_v1_ListInstancesRequest__Output>
      ListInstancesResponse: MessageTypeDefinition<_autotune_v1_ListInstancesResponse, _autotune_v1_ListInstancesResponse__Output>
      RegisterInstanceRequest: MessageTypeDefinition<_autotune_v1_RegisterInstanceRequest, _autotune_v1_RegisterInstanceRequest__Output>
    }
  }
}

