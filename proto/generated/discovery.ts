import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { BenchmarkResult as _autotune_v1_BenchmarkResult, BenchmarkResult__Output as _autotune_v1_BenchmarkResult__Output } from './autotune/v1/BenchmarkResult';
import type { BenchmarkSpec as _autotune_v1_BenchmarkSpec, BenchmarkSpec__Output as _autotune_v1_BenchmarkSpec__Output } from './autotune/v1/BenchmarkSpec';
import type { DeregisterInstanceRequest as _autotune_v1_DeregisterInstanceRequest, DeregisterInstanceRequest__Output as _autotune_v1_DeregisterInstanceRequest__Output } from './autotune/v1/DeregisterInstanceRequest';
import type { DeregisterInstanceResponse as _autotune_v1_DeregisterInstanceResponse, DeregisterInstanceResponse__Output as _autotune_v1_DeregisterInstanceResponse__Output } from './autotune/v1/DeregisterInstanceResponse';
import type { DiscoveryClient as _autotune_v1_DiscoveryClient, DiscoveryDefinition as _autotune_v1_DiscoveryDefinition } from './autotune/v1/Discovery';
import type { GetInstanceRequest as _autotune_v1_GetInstanceRequest, GetInstanceRequest__Output as _autotune_v1_GetInstanceRequest__Output } from './autotune/v1/GetInstanceRequest';
import type { HeartbeatRequest as _autotune_v1_HeartbeatRequest, HeartbeatRequest__Output as _autotune_v1_HeartbeatRequest__Output } from './autotune/v1/HeartbeatRequest';
import type { HeartbeatResponse as _autotune_v1_HeartbeatResponse, HeartbeatResponse__Output as _autotune_v1_HeartbeatResponse__Output } from './autotune/v1/HeartbeatResponse';
import type { Instance as _autotune_v1_Instance, Instance__Output as _autotune_v1_Instance__Output } from './autotune/v1/Instance';
import type { InstanceLimits as _autotune_v1_InstanceLimits, InstanceLimits__Output as _autotune_v1_InstanceLimits__Output } from './autotune/v1/InstanceLimits';
import type { InstanceWorkload as _autotune_v1_InstanceWorkload, InstanceWorkload__Output as _autotune_v1_InstanceWorkload__Output } from './autotune/v1/InstanceWorkload';
import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from './autotune/v1/KnobSetting';
import type { LatencyStats as _autotune_v1_LatencyStats, LatencyStats__Output as _autotune_v1_LatencyStats__Output } from './autotune/v1/LatencyStats';
import type { ListInstancesRequest as _autotune_v1_ListInstancesRequest, ListInstancesRequest__Output as _autotune_v1_ListInstancesRequest__Output } from './autotune/v1/ListInstancesRequest';
import type { ListInstancesResponse as _autotune_v1_ListInstancesResponse, ListInstancesResponse__Output as _autotune_v1_ListInstancesResponse__Output } from './autotune/v1/ListInstancesResponse';
import type { Metric as _autotune_v1_Metric, Metric__Output as _autotune_v1_Metric__Output } from './autotune/v1/Metric';
import type { MetricRates as _autotune_v1_MetricRates, MetricRates__Output as _autotune_v1_MetricRates__Output } from './autotune/v1/MetricRates';
import type { MetricSnapshot as _autotune_v1_MetricSnapshot, MetricSnapshot__Output as _autotune_v1_MetricSnapshot__Output } from './autotune/v1/MetricSnapshot';
import type { ProgressSample as _autotune_v1_ProgressSample, ProgressSample__Output as _autotune_v1_ProgressSample__Output } from './autotune/v1/ProgressSample';
import type { RegisterInstanceRequest as _autotune_v1_RegisterInstanceRequest, RegisterInstanceRequest__Output as _autotune_v1_RegisterInstanceRequest__Output } from './autotune/v1/RegisterInstanceRequest';
import type { WorkloadScript as _autotune_v1_WorkloadScript, WorkloadScript__Output as _autotune_v1_WorkloadScript__Output } from './autotune/v1/WorkloadScript';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  autotune: {
    v1: {
      BenchmarkResult: MessageTypeDefinition<_autotune_v1_BenchmarkResult, _autotune_v1_BenchmarkResult__Output>
      BenchmarkSpec: MessageTypeDefinition<_autotune_v1_BenchmarkSpec, _autotune_v1_BenchmarkSpec__Output>
      DeregisterInstanceRequest: MessageTypeDefinition<_autotune_v1_DeregisterInstanceRequest, _autotune_v1_DeregisterInstanceRequest__Output>
      DeregisterInstanceResponse: MessageTypeDefinition<_autotune_v1_DeregisterInstanceResponse, _autotune_v1_DeregisterInstanceResponse__Output>
      Discovery: SubtypeConstructor<typeof grpc.Client, _autotune_v1_DiscoveryClient> & { service: _autotune_v1_DiscoveryDefinition }
      GetInstanceRequest: MessageTypeDefinition<_autotune_v1_GetInstanceRequest, _autotune_v1_GetInstanceRequest__Output>
      HeartbeatRequest: MessageTypeDefinition<_autotune_v1_HeartbeatRequest, _autotune_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_autotune_v1_HeartbeatResponse, _autotune_v1_HeartbeatResponse__Output>
      Instance: MessageTypeDefinition<_autotune_v1_Instance, _autotune_v1_Instance__Output>
      InstanceLimits: MessageTypeDefinition<_autotune_v1_InstanceLimits, _autotune_v1_InstanceLimits__Output>
      InstanceWorkload: MessageTypeDefinition<_autotune_v1_InstanceWorkload, _autotune_v1_InstanceWorkload__Output>
      KnobSetting: MessageTypeDefinition<_autotune_v1_KnobSetting, _autotune_v1_KnobSetting__Output>
      LatencyStats: MessageTypeDefinition<_autotune_v1_LatencyStats, _autotune_v1_LatencyStats__Output>
      ListInstancesRequest: MessageTypeDefinition<_autotune_v1_ListInstancesRequest, _autotune_v1_ListInstancesRequest__Output>
      ListInstancesResponse: MessageTypeDefinition<_autotune_v1_ListInstancesResponse, _autotune_v1_ListInstancesResponse__Output>
      Metric: MessageTypeDefinition<_autotune_v1_Metric, _autotune_v1_Metric__Output>
      MetricRates: MessageTypeDefinition<_autotune_v1_MetricRates, _autotune_v1_MetricRates__Output>
      MetricSnapshot: MessageTypeDefinition<_autotune_v1_MetricSnapshot, _autotune_v1_MetricSnapshot__Output>
      ProgressSample: MessageTypeDefinition<_autotune_v1_ProgressSample, _autotune_v1_ProgressSample__Output>
      RegisterInstanceRequest: MessageTypeDefinition<_autotune_v1_RegisterInstanceRequest, _autotune_v1_RegisterInstanceRequest__Output>
      WorkloadScript: MessageTypeDefinition<_autotune_v1_WorkloadScript, _autotune_v1_WorkloadScript__Output>
    }
  }
}

