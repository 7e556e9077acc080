// Original file: proto/autotune/v1/collector.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApplyKnobsRequest as _autotune_v1_ApplyKnobsRequest, ApplyKnobsRequest__Output as _autotune_v1_ApplyKnobsRequest__Output } from '../../autotune/v1/ApplyKnobsRequest';
import type { ApplyKnobsResponse as _autotune_v1_ApplyKnobsResponse, ApplyKnobsResponse__Output as _autotune_v1_ApplyKnobsResponse__Output } from '../../autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult as _autotune_v1_BenchmarkResult, BenchmarkResult__Output as _autotune_v1_BenchmarkResult__Output } from '../../autotune/v1/BenchmarkResult';
import type { GetKnobsRequest as _autotune_v1_GetKnobsRequest, GetKnobsRequest__Output as _autotune_v1_GetKnobsRequest__Output } from '../../autotune/v1/GetKnobsRequest';
import type { GetKnobsResponse as _autotune_v1_GetKnobsResponse, GetKnobsResponse__Output as _autotune_v1_GetKnobsResponse__Output } from '../../autotune/v1/GetKnobsResponse';
import type { GetQueryMixRequest as _autotune_v1_GetQueryMixRequest, GetQueryMixRequest__Output as _autotune_v1_GetQueryMixRequest__Output } from '../../autotune/v1/GetQueryMixRequest';
import type { GetServerInfoRequest as _autotune_v1_GetServerInfoRequest, GetServerInfoRequest__Output as _autotune_v1_GetServerInfoRequest__Output } from '../../autotune/v1/GetServerInfoRequest';
import type { KeepKnobsRequest as _autotune_v1_KeepKnobsRequest, KeepKnobsRequest__Output as _autotune_v1_KeepKnobsRequest__Output } from '../../autotune/v1/KeepKnobsRequest';
import type { MetricSnapshot as _autotune_v1_MetricSnapshot, MetricSnapshot__Output as _autotune_v1_MetricSnapshot__Output } from '../../autotune/v1/MetricSnapshot';
import type { QueryMix as _autotune_v1_QueryMix, QueryMix__Output as _autotune_v1_QueryMix__Output } from '../../autotune/v1/QueryMix';
import type { ResetKnobsRequest as _autotune_v1_ResetKnobsRequest, ResetKnobsRequest__Output as _autotune_v1_ResetKnobsRequest__Output } from '../../autotune/v1/ResetKnobsRequest';
import type { ResetKnobsResponse as _autotune_v1_ResetKnobsResponse, ResetKnobsResponse__Output as _autotune_v1_ResetKnobsResponse__Output } from '../../autotune/v1/ResetKnobsResponse';
import type { RunBenchmarkRequest as _autotune_v1_RunBenchmarkRequest, RunBenchmarkRequest__Output as _autotune_v1_RunBenchmarkRequest__Output } from '../../autotune/v1/RunBenchmarkRequest';
import type { ServerInfo as _autotune_v1_ServerInfo, ServerInfo__Output as _autotune_v1_ServerInfo__Output } from '../../autotune/v1/ServerInfo';
import type { SnapshotRequest as _autotune_v1_SnapshotRequest, SnapshotRequest__Output as _autotune_v1_SnapshotRequest__Output } from '../../autotune/v1/SnapshotRequest';

export interface CollectorClient extends grpc.Client {
  ApplyKnobs(argument: _autotune_v1_ApplyKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  ApplyKnobs(argument: _autotune_v1_ApplyKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  ApplyKnobs(argument: _autotune_v1_ApplyKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  ApplyKnobs(argument: _autotune_v1_ApplyKnobsRequest, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  applyKnobs(argument: _autotune_v1_ApplyKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  applyKnobs(argument: _autotune_v1_ApplyKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  applyKnobs(argument: _autotune_v1_ApplyKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  applyKnobs(argument: _autotune_v1_ApplyKnobsRequest, callback: grpc.requestCallback<_autotune_v1_ApplyKnobsResponse__Output>): grpc.ClientUnaryCall;
  
  GetKnobs(argument: _autotune_v1_GetKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  GetKnobs(argument: _autotune_v1_GetKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  GetKnobs(argument: _autotune_v1_GetKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  GetKnobs(argument: _autotune_v1_GetKnobsRequest, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  getKnobs(argument: _autotune_v1_GetKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  getKnobs(argument: _autotune_v1_GetKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  getKnobs(argument: _autotune_v1_GetKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  getKnobs(argument: _autotune_v1_GetKnobsRequest, callback: grpc.requestCallback<_autotune_v1_GetKnobsResponse__Output>): grpc.ClientUnaryCall;
  
  GetQueryMix(argument: _autotune_v1_GetQueryMixRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  GetQueryMix(argument: _autotune_v1_GetQueryMixRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  GetQueryMix(argument: _autotune_v1_GetQueryMixRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  GetQueryMix(argument: _autotune_v1_GetQueryMixRequest, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  getQueryMix(argument: _autotune_v1_GetQueryMixRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  getQueryMix(argument: _autotune_v1_GetQueryMixRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  getQueryMix(argument: _autotune_v1_GetQueryMixRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  getQueryMix(argument: _autotune_v1_GetQueryMixRequest, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  
  GetServerInfo(argument: _autotune_v1_GetServerInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  GetServerInfo(argument: _autotune_v1_GetServerInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  GetServerInfo(argument: _autotune_v1_GetServerInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  GetServerInfo(argument: _autotune_v1_GetServerInfoRequest, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  getServerInfo(argument: _autotune_v1_GetServerInfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  getServerInfo(argument: _autotune_v1_GetServerInfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  getServerInfo(argument: _autotune_v1_GetServerInfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  getServerInfo(argument: _autotune_v1_GetServerInfoRequest, callback: grpc.requestCallback<_autotune_v1_ServerInfo__Output>): grpc.ClientUnaryCall;
  
  KeepKnobs(argument: _autotune_v1_KeepKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  KeepKnobs(argument: _autotune_v1_KeepKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  KeepKnobs(argument: _autotune_v1_KeepKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  KeepKnobs(argument: _autotune_v1_KeepKnobsRequest, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  keepKnobs(argument: _autotune_v1_KeepKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  keepKnobs(argument: _autotune_v1_KeepKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  keepKnobs(argument: _autotune_v1_KeepKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  keepKnobs(argument: _autotune_v1_KeepKnobsRequest, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  
  ResetKnobs(argument: _autotune_v1_ResetKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  ResetKnobs(argument: _autotune_v1_ResetKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  ResetKnobs(argument: _autotune_v1_ResetKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  ResetKnobs(argument: _autotune_v1_ResetKnobsRequest, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  resetKnobs(argument: _autotune_v1_ResetKnobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  resetKnobs(argument: _autotune_v1_ResetKnobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  resetKnobs(argument: _autotune_v1_ResetKnobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  resetKnobs(argument: _autotune_v1_ResetKnobsRequest, callback: grpc.requestCallback<_autotune_v1_ResetKnobsResponse__Output>): grpc.ClientUnaryCall;
  
  RunBenchmark(argument: _autotune_v1_RunBenchmarkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  RunBenchmark(argument: _autotune_v1_RunBenchmarkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  RunBenchmark(argument: _autotune_v1_RunBenchmarkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  RunBenchmark(argument: _autotune_v1_RunBenchmarkRequest, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  runBenchmark(argument: _autotune_v1_RunBenchmarkRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  runBenchmark(argument: _autotune_v1_RunBenchmarkRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  runBenchmark(argument: _autotune_v1_RunBenchmarkRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  runBenchmark(argument: _autotune_v1_RunBenchmarkRequest, callback: grpc.requestCallback<_autotune_v1_BenchmarkResult__Output>): grpc.ClientUnaryCall;
  
  Snapshot(argument: _autotune_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  Snapshot(argument: _autotune_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  Snapshot(argument: _autotune_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  Snapshot(argument: _autotune_v1_SnapshotRequest, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  snapshot(argument: _autotune_v1_SnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  snapshot(argument: _autotune_v1_SnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  snapshot(argument: _autotune_v1_SnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  snapshot(argument: _autotune_v1_SnapshotRequest, callback: grpc.requestCallback<_autotune_v1_MetricSnapshot__Output>): grpc.ClientUnaryCall;
  
}

export interface CollectorHandlers extends grpc.UntypedServiceImplementation {
  ApplyKnobs: grpc.handleUnaryCall<_autotune_v1_ApplyKnobsRequest__Output, _autotune_v1_ApplyKnobsResponse>;
  
  GetKnobs: grpc.handleUnaryCall<_autotune_v1_GetKnobsRequest__Output, _autotune_v1_GetKnobsResponse>;
  
  GetQueryMix: grpc.handleUnaryCall<_autotune_v1_GetQueryMixRequest__Output, _autotune_v1_QueryMix>;
  
  GetServerInfo: grpc.handleUnaryCall<_autotune_v1_GetServerInfoRequest__Output, _autotune_v1_ServerInfo>;
  
  KeepKnobs: grpc.handleUnaryCall<_autotune_v1_KeepKnobsRequest__Output, _autotune_v1_ResetKnobsResponse>;
  
  ResetKnobs: grpc.handleUnaryCall<_autotune_v1_ResetKnobsRequest__Output, _autotune_v1_ResetKnobsResponse>;
  
  RunBenchmark: grpc.handleUnaryCall<_autotune_v1_RunBenchmarkRequest__Output, _autotune_v1_BenchmarkResult>;
  
  Snapshot: grpc.handleUnaryCall<_autotune_v1_SnapshotRequest__Output, _autotune_v1_MetricSnapshot>;
  
}

export interface CollectorDefinition extends grpc.ServiceDefinition {
  ApplyKnobs: MethodDefinition<_autotune_v1_ApplyKnobsRequest, _autotune_v1_ApplyKnobsResponse, _autotune_v1_ApplyKnobsRequest__Output, _autotune_v1_ApplyKnobsResponse__Output>
  GetKnobs: MethodDefinition<_autotune_v1_GetKnobsRequest, _autotune_v1_GetKnobsResponse, _autotune_v1_GetKnobsRequest__Output, _autotune_v1_GetKnobsResponse__Output>
  GetQueryMix: MethodDefinition<_autotune_v1_GetQueryMixRequest, _autotune_v1_QueryMix, _autotune_v1_GetQueryMixRequest__Output, _autotune_v1_QueryMix__Output>
  GetServerInfo: MethodDefinition<_autotune_v1_GetServerInfoRequest, _autotune_v1_ServerInfo, _autotune_v1_GetServerInfoRequest__Output, _autotune_v1_ServerInfo__Output>
  KeepKnobs: MethodDefinition<_autotune_v1_KeepKnobsRequest, _autotune_v1_ResetKnobsResponse, _autotune_v1_KeepKnobsRequest__Output, _autotune_v1_ResetKnobsResponse__Output>
  ResetKnobs: MethodDefinition<_autotune_v1_ResetKnobsRequest, _autotune_v1_ResetKnobsResponse, _autotune_v1_ResetKnobsRequest__Output, _autotune_v1_ResetKnobsResponse__Output>
  RunBenchmark: MethodDefinition<_autotune_v1_RunBenchmarkRequest, _autotune_v1_BenchmarkResult, _autotune_v1_RunBenchmarkRequest__Output, _autotune_v1_BenchmarkResult__Output>
  Snapshot: MethodDefinition<_autotune_v1_SnapshotRequest, _autotune_v1_MetricSnapshot, _autotune_v1_SnapshotRequest__Output, _autotune_v1_MetricSnapshot__Output>
}
