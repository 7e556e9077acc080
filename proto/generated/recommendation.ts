import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuditEntry as _autotune_v1_AuditEntry, AuditEntry__Output as _autotune_v1_AuditEntry__Output } from './autotune/v1/AuditEntry';
import type { BenchmarkResult as _autotune_v1_BenchmarkResult, BenchmarkResult__Output as _autotune_v1_BenchmarkResult__Output } from './autotune/v1/BenchmarkResult';
import type { BenchmarkSpec as _autotune_v1_BenchmarkSpec, BenchmarkSpec__Output as _autotune_v1_BenchmarkSpec__Output } from './autotune/v1/BenchmarkSpec';
import type { CancelSessionRequest as _autotune_v1_CancelSessionRequest, CancelSessionRequest__Output as _autotune_v1_CancelSessionRequest__Output } from './autotune/v1/CancelSessionRequest';
import type { CreateSessionRequest as _autotune_v1_CreateSessionRequest, CreateSessionRequest__Output as _autotune_v1_CreateSessionRequest__Output } from './autotune/v1/CreateSessionRequest';
import type { DecideRecommendationRequest as _autotune_v1_DecideRecommendationRequest, DecideRecommendationRequest__Output as _autotune_v1_DecideRecommendationRequest__Output } from './autotune/v1/DecideRecommendationRequest';
import type { GetRecommendationRequest as _autotune_v1_GetRecommendationRequest, GetRecommendationRequest__Output as _autotune_v1_GetRecommendationRequest__Output } from './autotune/v1/GetRecommendationRequest';
import type { GetReportRequest as _autotune_v1_GetReportRequest, GetReportRequest__Output as _autotune_v1_GetReportRequest__Output } from './autotune/v1/GetReportRequest';
import type { GetSessionRequest as _autotune_v1_GetSessionRequest, GetSessionRequest__Output as _autotune_v1_GetSessionRequest__Output } from './autotune/v1/GetSessionRequest';
import type { KnobAblation as _autotune_v1_KnobAblation, KnobAblation__Output as _autotune_v1_KnobAblation__Output } from './autotune/v1/KnobAblation';
import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from './autotune/v1/KnobSetting';
import type { LatencyStats as _autotune_v1_LatencyStats, LatencyStats__Output as _autotune_v1_LatencyStats__Output } from './autotune/v1/LatencyStats';
import type { ListSessionsRequest as _autotune_v1_ListSessionsRequest, ListSessionsRequest__Output as _autotune_v1_ListSessionsRequest__Output } from './autotune/v1/ListSessionsRequest';
import type { ListSessionsResponse as _autotune_v1_ListSessionsResponse, ListSessionsResponse__Output as _autotune_v1_ListSessionsResponse__Output } from './autotune/v1/ListSessionsResponse';
import type { Metric as _autotune_v1_Metric, Metric__Output as _autotune_v1_Metric__Output } from './autotune/v1/Metric';
import type { MetricRates as _autotune_v1_MetricRates, MetricRates__Output as _autotune_v1_MetricRates__Output } from './autotune/v1/MetricRates';
import type { MetricSnapshot as _autotune_v1_MetricSnapshot, MetricSnapshot__Output as _autotune_v1_MetricSnapshot__Output } from './autotune/v1/MetricSnapshot';
import type { ProgressEvent as _autotune_v1_ProgressEvent, ProgressEvent__Output as _autotune_v1_ProgressEvent__Output } from './autotune/v1/ProgressEvent';
import type { ProgressSample as _autotune_v1_ProgressSample, ProgressSample__Output as _autotune_v1_ProgressSample__Output } from './autotune/v1/ProgressSample';
import type { RatioEstimate as _autotune_v1_RatioEstimate, RatioEstimate__Output as _autotune_v1_RatioEstimate__Output } from './autotune/v1/RatioEstimate';
import type { RecommendationClient as _autotune_v1_RecommendationClient, RecommendationDefinition as _autotune_v1_RecommendationDefinition } from './autotune/v1/Recommendation';
import type { RecommendationReport as _autotune_v1_RecommendationReport, RecommendationReport__Output as _autotune_v1_RecommendationReport__Output } from './autotune/v1/RecommendationReport';
import type { RollbackInstanceRequest as _autotune_v1_RollbackInstanceRequest, RollbackInstanceRequest__Output as _autotune_v1_RollbackInstanceRequest__Output } from './autotune/v1/RollbackInstanceRequest';
import type { Session as _autotune_v1_Session, Session__Output as _autotune_v1_Session__Output } from './autotune/v1/Session';
import type { SessionOptions as _autotune_v1_SessionOptions, SessionOptions__Output as _autotune_v1_SessionOptions__Output } from './autotune/v1/SessionOptions';
import type { SessionReport as _autotune_v1_SessionReport, SessionReport__Output as _autotune_v1_SessionReport__Output } from './autotune/v1/SessionReport';
import type { WatchSessionRequest as _autotune_v1_WatchSessionRequest, WatchSessionRequest__Output as _autotune_v1_WatchSessionRequest__Output } from './autotune/v1/WatchSessionRequest';
import type { WatchVerdict as _autotune_v1_WatchVerdict, WatchVerdict__Output as _autotune_v1_WatchVerdict__Output } from './autotune/v1/WatchVerdict';
import type { WorkloadScript as _autotune_v1_WorkloadScript, WorkloadScript__Output as _autotune_v1_WorkloadScript__Output } from './autotune/v1/WorkloadScript';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  autotune: {
    v1: {
      AuditEntry: MessageTypeDefinition<_autotune_v1_AuditEntry, _autotune_v1_AuditEntry__Output>
      BenchmarkResult: MessageTypeDefinition<_autotune_v1_BenchmarkResult, _autotune_v1_BenchmarkResult__Output>
      BenchmarkSpec: MessageTypeDefinition<_autotune_v1_BenchmarkSpec, _autotune_v1_BenchmarkSpec__Output>
      CancelSessionRequest: MessageTypeDefinition<_autotune_v1_CancelSessionRequest, _autotune_v1_CancelSessionRequest__Output>
      CreateSessionRequest: MessageTypeDefinition<_autotune_v1_CreateSessionRequest, _autotune_v1_CreateSessionRequest__Output>
      DecideRecommendationRequest: MessageTypeDefinition<_autotune_v1_DecideRecommendationRequest, _autotune_v1_DecideRecommendationRequest__Output>
      GetRecommendationRequest: MessageTypeDefinition<_autotune_v1_GetRecommendationRequest, _autotune_v1_GetRecommendationRequest__Output>
      GetReportRequest: MessageTypeDefinition<_autotune_v1_GetReportRequest, _autotune_v1_GetReportRequest__Output>
      GetSessionRequest: MessageTypeDefinition<_autotune_v1_GetSessionRequest, _autotune_v1_GetSessionRequest__Output>
      KnobAblation: MessageTypeDefinition<_autotune_v1_KnobAblation, _autotune_v1_KnobAblation__Output>
      KnobSetting: MessageTypeDefinition<_autotune_v1_KnobSetting, _autotune_v1_KnobSetting__Output>
      LatencyStats: MessageTypeDefinition<_autotune_v1_LatencyStats, _autotune_v1_LatencyStats__Output>
      ListSessionsRequest: MessageTypeDefinition<_autotune_v1_ListSessionsRequest, _autotune_v1_ListSessionsRequest__Output>
      ListSessionsResponse: MessageTypeDefinition<_autotune_v1_ListSessionsResponse, _autotune_v1_ListSessionsResponse__Output>
      Metric: MessageTypeDefinition<_autotune_v1_Metric, _autotune_v1_Metric__Output>
      MetricRates: MessageTypeDefinition<_autotune_v1_MetricRates, _autotune_v1_MetricRates__Output>
      MetricSnapshot: MessageTypeDefinition<_autotune_v1_MetricSnapshot, _autotune_v1_MetricSnapshot__Output>
      ProgressEvent: MessageTypeDefinition<_autotune_v1_ProgressEvent, _autotune_v1_ProgressEvent__Output>
      ProgressSample: MessageTypeDefinition<_autotune_v1_ProgressSample, _autotune_v1_ProgressSample__Output>
      RatioEstimate: MessageTypeDefinition<_autotune_v1_RatioEstimate, _autotune_v1_RatioEstimate__Output>
      Recommendation: SubtypeConstructor<typeof grpc.Client, _autotune_v1_RecommendationClient> & { service: _autotune_v1_RecommendationDefinition }
      RecommendationReport: MessageTypeDefinition<_autotune_v1_RecommendationReport, _autotune_v1_RecommendationReport__Output>
      RollbackInstanceRequest: MessageTypeDefinition<_autotune_v1_RollbackInstanceRequest, _autotune_v1_RollbackInstanceRequest__Output>
      Session: MessageTypeDefinition<_autotune_v1_Session, _autotune_v1_Session__Output>
      SessionOptions: MessageTypeDefinition<_autotune_v1_SessionOptions, _autotune_v1_SessionOptions__Output>
      SessionReport: MessageTypeDefinition<_autotune_v1_SessionReport, _autotune_v1_SessionReport__Output>
      WatchSessionRequest: MessageTypeDefinition<_autotune_v1_WatchSessionRequest, _autotune_v1_WatchSessionRequest__Output>
      WatchVerdict: MessageTypeDefinition<_autotune_v1_WatchVerdict, _autotune_v1_WatchVerdict__Output>
      WorkloadScript: MessageTypeDefinition<_autotune_v1_WorkloadScript, _autotune_v1_WorkloadScript__Output>
    }
  }
}

