import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ApplyKnobsRequest as _autotune_v1_ApplyKnobsRequest, ApplyKnobsRequest__Output as _autotune_v1_ApplyKnobsRequest__Output } from './autotune/v1/ApplyKnobsRequest';
import type { ApplyKnobsResponse as _autotune_v1_ApplyKnobsResponse, ApplyKnobsResponse__Output as _autotune_v1_ApplyKnobsResponse__Output } from './autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult as _autotune_v1_BenchmarkResult, BenchmarkResult__Output as _autotune_v1_BenchmarkResult__Output } from './autotune/v1/BenchmarkResult';
import type { BenchmarkSpec as _autotune_v1_BenchmarkSpec, BenchmarkSpec__Output as _autotune_v1_BenchmarkSpec__Output } from './autotune/v1/BenchmarkSpec';
import type { CollectorClient as _autotune_v1_CollectorClient, CollectorDefinition as _autotune_v1_CollectorDefinition } from './autotune/v1/Collector';
import type { GetKnobsRequest as _autotune_v1_GetKnobsRequest, GetKnobsRequest__Output as _autotune_v1_GetKnobsRequest__Output } from './autotune/v1/GetKnobsRequest';
import type { GetKnobsResponse as _autotune_v1_GetKnobsResponse, GetKnobsResponse__Output as _autotune_v1_GetKnobsResponse__Output } from './autotune/v1/GetKnobsResponse';
import type { GetQueryMixRequest as _autotune_v1_GetQueryMixRequest, GetQueryMixRequest__Output as _autotune_v1_GetQueryMixRequest__Output } from './autotune/v1/GetQueryMixRequest';
import type { GetServerInfoRequest as _autotune_v1_GetServerInfoRequest, GetServerInfoRequest__Output as _autotune_v1_GetServerInfoRequest__Output } from './autotune/v1/GetServerInfoRequest';
import type { KeepKnobsRequest as _autotune_v1_KeepKnobsRequest, KeepKnobsRequest__Output as _autotune_v1_KeepKnobsRequest__Output } from './autotune/v1/KeepKnobsRequest';
import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from './autotune/v1/KnobSetting';
import type { KnobState as _autotune_v1_KnobState, KnobState__Output as _autotune_v1_KnobState__Output } from './autotune/v1/KnobState';
import type { LatencyStats as _autotune_v1_LatencyStats, LatencyStats__Output as _autotune_v1_LatencyStats__Output } from './autotune/v1/LatencyStats';
import type { Metric as _autotune_v1_Metric, Metric__Output as _autotune_v1_Metric__Output } from './autotune/v1/Metric';
import type { MetricRates as _autotune_v1_MetricRates, MetricRates__Output as _autotune_v1_MetricRates__Output } from './autotune/v1/MetricRates';
import type { MetricSnapshot as _autotune_v1_MetricSnapshot, MetricSnapshot__Output as _autotune_v1_MetricSnapshot__Output } from './autotune/v1/MetricSnapshot';
import type { ProgressSample as _autotune_v1_ProgressSample, ProgressSample__Output as _autotune_v1_ProgressSample__Output } from './autotune/v1/ProgressSample';
import type { QueryMix as _autotune_v1_QueryMix, QueryMix__Output as _autotune_v1_QueryMix__Output } from './autotune/v1/QueryMix';
import type { ResetKnobsRequest as _autotune_v1_ResetKnobsRequest, ResetKnobsRequest__Output as _autotune_v1_ResetKnobsRequest__Output } from './autotune/v1/ResetKnobsRequest';
import type { ResetKnobsResponse as _autotune_v1_ResetKnobsResponse, ResetKnobsResponse__Output as _autotune_v1_ResetKnobsResponse__Output } from './autotune/v1/ResetKnobsResponse';
import type { RunBenchmarkRequest as _autotune_v1_RunBenchmarkRequest, RunBenchmarkRequest__Output as _autotune_v1_RunBenchmarkRequest__Output } from './autotune/v1/RunBenchmarkRequest';
import type { SafeRange as _autotune_v1_SafeRange, SafeRange__Output as _autotune_v1_SafeRange__Output } from './autotune/v1/SafeRange';
import type { ServerInfo as _autotune_v1_ServerInfo, ServerInfo__Output as _autotune_v1_ServerInfo__Output } from './autotune/v1/ServerInfo';
import type { SnapshotRequest as _autotune_v1_SnapshotRequest, SnapshotRequest__Output as _autotune_v1_SnapshotRequest__Output } from './autotune/v1/SnapshotRequest';
import type { StatementCalls as _autotune_v1_StatementCalls, StatementCalls__Output as _autotune_v1_StatementCalls__Output } from './autotune/v1/StatementCalls';
import type { WorkloadScript as _autotune_v1_WorkloadScript, WorkloadScript__Output as _autotune_v1_WorkloadScript__Output } from './autotune/v1/WorkloadScript';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  autotune: {
    v1: {
      ApplyKnobsRequest: MessageTypeDefinition<_autotune_v1_ApplyKnobsRequest, _autotune_v1_ApplyKnobsRequest__Output>
      ApplyKnobsResponse: MessageTypeDefinition<_autotune_v1_ApplyKnobsResponse, _autotune_v1_ApplyKnobsResponse__Output>
      BenchmarkResult: MessageTypeDefinition<_autotune_v1_BenchmarkResult, _autotune_v1_BenchmarkResult__Output>
      BenchmarkSpec: MessageTypeDefinition<_autotune_v1_BenchmarkSpec, _autotune_v1_BenchmarkSpec__Output>
      Collector: SubtypeConstructor<typeof grpc.Client, _autotune_v1_CollectorClient> & { service: _autotune_v1_CollectorDefinition }
      GetKnobsRequest: MessageTypeDefinition<_autotune_v1_GetKnobsRequest, _autotune_v1_GetKnobsRequest__Output>
      GetKnobsResponse: MessageTypeDefinition<_autotune_v1_GetKnobsResponse, _autotune_v1_GetKnobsResponse__Output>
      GetQueryMixRequest: MessageTypeDefinition<_autotune_v1_GetQueryMixRequest, _autotune_v1_GetQueryMixRequest__Output>
      GetServerInfoRequest: MessageTypeDefinition<_autotune_v1_GetServerInfoRequest, _autotune_v1_GetServerInfoRequest__Output>
      KeepKnobsRequest: MessageTypeDefinition<_autotune_v1_KeepKnobsRequest, _autotune_v1_KeepKnobsRequest__Output>
      KnobSetting: MessageTypeDefinition<_autotune_v1_KnobSetting, _autotune_v1_KnobSetting__Output>
      KnobState: MessageTypeDefinition<_autotune_v1_KnobState, _autotune_v1_KnobState__Output>
      LatencyStats: MessageTypeDefinition<_autotune_v1_LatencyStats, _autotune_v1_LatencyStats__Output>
      Metric: MessageTypeDefinition<_autotune_v1_Metric, _autotune_v1_Metric__Output>
      MetricRates: MessageTypeDefinition<_autotune_v1_MetricRates, _autotune_v1_MetricRates__Output>
      MetricSnapshot: MessageTypeDefinition<_autotune_v1_MetricSnapshot, _autotune_v1_MetricSnapshot__Output>
      ProgressSample: MessageTypeDefinition<_autotune_v1_ProgressSample, _autotune_v1_ProgressSample__Output>
      QueryMix: MessageTypeDefinition<_autotune_v1_QueryMix, _autotune_v1_QueryMix__Output>
      ResetKnobsRequest: MessageTypeDefinition<_autotune_v1_ResetKnobsRequest, _autotune_v1_ResetKnobsRequest__Output>
      ResetKnobsResponse: MessageTypeDefinition<_autotune_v1_ResetKnobsResponse, _autotune_v1_ResetKnobsResponse__Output>
      RunBenchmarkRequest: MessageTypeDefinition<_autotune_v1_RunBenchmarkRequest, _autotune_v1_RunBenchmarkRequest__Output>
      SafeRange: MessageTypeDefinition<_autotune_v1_SafeRange, _autotune_v1_SafeRange__Output>
      ServerInfo: MessageTypeDefinition<_autotune_v1_ServerInfo, _autotune_v1_ServerInfo__Output>
      SnapshotRequest: MessageTypeDefinition<_autotune_v1_SnapshotRequest, _autotune_v1_SnapshotRequest__Output>
      StatementCalls: MessageTypeDefinition<_autotune_v1_StatementCalls, _autotune_v1_StatementCalls__Output>
      WorkloadScript: MessageTypeDefinition<_autotune_v1_WorkloadScript, _autotune_v1_WorkloadScript__Output>
    }
  }
}

