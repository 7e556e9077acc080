// Original file: proto/autotune/v1/discovery.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeregisterInstanceRequest as _autotune_v1_DeregisterInstanceRequest, DeregisterInstanceRequest__Output as _autotune_v1_DeregisterInstanceRequest__Output } from '../../autotune/v1/DeregisterInstanceRequest';
import type { DeregisterInstanceResponse as _autotune_v1_DeregisterInstanceResponse, DeregisterInstanceResponse__Output as _autotune_v1_DeregisterInstanceResponse__Output } from '../../autotune/v1/DeregisterInstanceResponse';
import type { GetInstanceRequest as _autotune_v1_GetInstanceRequest, GetInstanceRequest__Output as _autotune_v1_GetInstanceRequest__Output } from '../../autotune/v1/GetInstanceRequest';
import type { HeartbeatRequest as _autotune_v1_HeartbeatRequest, HeartbeatRequest__Output as _autotune_v1_HeartbeatRequest__Output } from '../../autotune/v1/HeartbeatRequest';
import type { HeartbeatResponse as _autotune_v1_HeartbeatResponse, HeartbeatResponse__Output as _autotune_v1_HeartbeatResponse__Output } from '../../autotune/v1/HeartbeatResponse';
import type { Instance as _autotune_v1_Instance, Instance__Output as _autotune_v1_Instance__Output } from '../../autotune/v1/Instance';
import type { ListInstancesRequest as _autotune_v1_ListInstancesRequest, ListInstancesRequest__Output as _autotune_v1_ListInstancesRequest__Output } from '../../autotune/v1/ListInstancesRequest';
import type { ListInstancesResponse as _autotune_v1_ListInstancesResponse, ListInstancesResponse__Output as _autotune_v1_ListInstancesResponse__Output } from '../../autotune/v1/ListInstancesResponse';
import type { RegisterInstanceRequest as _autotune_v1_RegisterInstanceRequest, RegisterInstanceRequest__Output as _autotune_v1_RegisterInstanceRequest__Output } from '../../autotune/v1/RegisterInstanceRequest';

export interface DiscoveryClient extends grpc.Client {
  DeregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  DeregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  DeregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  DeregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  deregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  deregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  deregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  deregisterInstance(argument: _autotune_v1_DeregisterInstanceRequest, callback: grpc.requestCallback<_autotune_v1_DeregisterInstanceResponse__Output>): grpc.ClientUnaryCall;
  
  GetInstance(argument: _autotune_v1_GetInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _autotune_v1_GetInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _autotune_v1_GetInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  GetInstance(argument: _autotune_v1_GetInstanceRequest, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _autotune_v1_GetInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _autotune_v1_GetInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _autotune_v1_GetInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  getInstance(argument: _autotune_v1_GetInstanceRequest, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _autotune_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _autotune_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _autotune_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _autotune_v1_HeartbeatRequest, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _autotune_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _autotune_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _autotune_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _autotune_v1_HeartbeatRequest, callback: grpc.requestCallback<_autotune_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  ListInstances(argument: _autotune_v1_ListInstancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _autotune_v1_ListInstancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _autotune_v1_ListInstancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  ListInstances(argument: _autotune_v1_ListInstancesRequest, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _autotune_v1_ListInstancesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _autotune_v1_ListInstancesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _autotune_v1_ListInstancesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  listInstances(argument: _autotune_v1_ListInstancesRequest, callback: grpc.requestCallback<_autotune_v1_ListInstancesResponse__Output>): grpc.ClientUnaryCall;
  
  RegisterInstance(argument: _autotune_v1_RegisterInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  RegisterInstance(argument: _autotune_v1_RegisterInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  RegisterInstance(argument: _autotune_v1_RegisterInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  RegisterInstance(argument: _autotune_v1_RegisterInstanceRequest, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  registerInstance(argument: _autotune_v1_RegisterInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  registerInstance(argument: _autotune_v1_RegisterInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  registerInstance(argument: _autotune_v1_RegisterInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  registerInstance(argument: _autotune_v1_RegisterInstanceRequest, callback: grpc.requestCallback<_autotune_v1_Instance__Output>): grpc.ClientUnaryCall;
  
}

export interface DiscoveryHandlers extends grpc.UntypedServiceImplementation {
  DeregisterInstance: grpc.handleUnaryCall<_autotune_v1_DeregisterInstanceRequest__Output, _autotune_v1_DeregisterInstanceResponse>;
  
  GetInstance: grpc.handleUnaryCall<_autotune_v1_GetInstanceRequest__Output, _autotune_v1_Instance>;
  
  Heartbeat: grpc.handleUnaryCall<_autotune_v1_HeartbeatRequest__Output, _autotune_v1_HeartbeatResponse>;
  
  ListInstances: grpc.handleUnaryCall<_autotune_v1_ListInstancesRequest__Output, _autotune_v1_ListInstancesResponse>;
  
  RegisterInstance: grpc.handleUnaryCall<_autotune_v1_RegisterInstanceRequest__Output, _autotune_v1_Instance>;
  
}

export interface DiscoveryDefinition extends grpc.ServiceDefinition {
  DeregisterInstance: MethodDefinition<_autotune_v1_DeregisterInstanceRequest, _autotune_v1_DeregisterInstanceResponse, _autotune_v1_DeregisterInstanceRequest__Output, _autotune_v1_DeregisterInstanceResponse__Output>
  GetInstance: MethodDefinition<_autotune_v1_GetInstanceRequest, _autotune_v1_Instance, _autotune_v1_GetInstanceRequest__Output, _autotune_v1_Instance__Output>
  Heartbeat: MethodDefinition<_autotune_v1_HeartbeatRequest, _autotune_v1_HeartbeatResponse, _autotune_v1_HeartbeatRequest__Output, _autotune_v1_HeartbeatResponse__Output>
  ListInstances: MethodDefinition<_autotune_v1_ListInstancesRequest, _autotune_v1_ListInstancesResponse, _autotune_v1_ListInstancesRequest__Output, _autotune_v1_ListInstancesResponse__Output>
  RegisterInstance: MethodDefinition<_autotune_v1_RegisterInstanceRequest, _autotune_v1_Instance, _autotune_v1_RegisterInstanceRequest__Output, _autotune_v1_Instance__Output>
}
