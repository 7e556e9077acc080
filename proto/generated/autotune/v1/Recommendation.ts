// Original file: proto/autotune/v1/recommendation.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuditEntry as _autotune_v1_AuditEntry, AuditEntry__Output as _autotune_v1_AuditEntry__Output } from '../../autotune/v1/AuditEntry';
import type { CancelSessionRequest as _autotune_v1_CancelSessionRequest, CancelSessionRequest__Output as _autotune_v1_CancelSessionRequest__Output } from '../../autotune/v1/CancelSessionRequest';
import type { CreateSessionRequest as _autotune_v1_CreateSessionRequest, CreateSessionRequest__Output as _autotune_v1_CreateSessionRequest__Output } from '../../autotune/v1/CreateSessionRequest';
import type { DecideRecommendationRequest as _autotune_v1_DecideRecommendationRequest, DecideRecommendationRequest__Output as _autotune_v1_DecideRecommendationRequest__Output } from '../../autotune/v1/DecideRecommendationRequest';
import type { GetRecommendationRequest as _autotune_v1_GetRecommendationRequest, GetRecommendationRequest__Output as _autotune_v1_GetRecommendationRequest__Output } from '../../autotune/v1/GetRecommendationRequest';
import type { GetReportRequest as _autotune_v1_GetReportRequest, GetReportRequest__Output as _autotune_v1_GetReportRequest__Output } from '../../autotune/v1/GetReportRequest';
import type { GetSessionRequest as _autotune_v1_GetSessionRequest, GetSessionRequest__Output as _autotune_v1_GetSessionRequest__Output } from '../../autotune/v1/GetSessionRequest';
import type { ListSessionsRequest as _autotune_v1_ListSessionsRequest, ListSessionsRequest__Output as _autotune_v1_ListSessionsRequest__Output } from '../../autotune/v1/ListSessionsRequest';
import type { ListSessionsResponse as _autotune_v1_ListSessionsResponse, ListSessionsResponse__Output as _autotune_v1_ListSessionsResponse__Output } from '../../autotune/v1/ListSessionsResponse';
import type { ProgressEvent as _autotune_v1_ProgressEvent, ProgressEvent__Output as _autotune_v1_ProgressEvent__Output } from '../../autotune/v1/ProgressEvent';
import type { RecommendationReport as _autotune_v1_RecommendationReport, RecommendationReport__Output as _autotune_v1_RecommendationReport__Output } from '../../autotune/v1/RecommendationReport';
import type { RollbackInstanceRequest as _autotune_v1_RollbackInstanceRequest, RollbackInstanceRequest__Output as _autotune_v1_RollbackInstanceRequest__Output } from '../../autotune/v1/RollbackInstanceRequest';
import type { Session as _autotune_v1_Session, Session__Output as _autotune_v1_Session__Output } from '../../autotune/v1/Session';
import type { SessionReport as _autotune_v1_SessionReport, SessionReport__Output as _autotune_v1_SessionReport__Output } from '../../autotune/v1/SessionReport';
import type { WatchSessionRequest as _autotune_v1_WatchSessionRequest, WatchSessionRequest__Output as _autotune_v1_WatchSessionRequest__Output } from '../../autotune/v1/WatchSessionRequest';

export interface RecommendationClient extends grpc.Client {
  ApproveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  ApproveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  ApproveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  ApproveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  approveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  approveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  approveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  approveRecommendation(argument: _autotune_v1_DecideRecommendationRequest, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  
  CancelSession(argument: _autotune_v1_CancelSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  CancelSession(argument: _autotune_v1_CancelSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  CancelSession(argument: _autotune_v1_CancelSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  CancelSession(argument: _autotune_v1_CancelSessionRequest, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  cancelSession(argument: _autotune_v1_CancelSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  cancelSession(argument: _autotune_v1_CancelSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  cancelSession(argument: _autotune_v1_CancelSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  cancelSession(argument: _autotune_v1_CancelSessionRequest, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  
  CreateSession(argument: _autotune_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _autotune_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _autotune_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _autotune_v1_CreateSessionRequest, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _autotune_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _autotune_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _autotune_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _autotune_v1_CreateSessionRequest, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  
  GetRecommendation(argument: _autotune_v1_GetRecommendationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  GetRecommendation(argument: _autotune_v1_GetRecommendationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  GetRecommendation(argument: _autotune_v1_GetRecommendationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  GetRecommendation(argument: _autotune_v1_GetRecommendationRequest, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  getRecommendation(argument: _autotune_v1_GetRecommendationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  getRecommendation(argument: _autotune_v1_GetRecommendationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  getRecommendation(argument: _autotune_v1_GetRecommendationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  getRecommendation(argument: _autotune_v1_GetRecommendationRequest, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  
  GetReport(argument: _autotune_v1_GetReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  GetReport(argument: _autotune_v1_GetReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  GetReport(argument: _autotune_v1_GetReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  GetReport(argument: _autotune_v1_GetReportRequest, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  getReport(argument: _autotune_v1_GetReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  getReport(argument: _autotune_v1_GetReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  getReport(argument: _autotune_v1_GetReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  getReport(argument: _autotune_v1_GetReportRequest, callback: grpc.requestCallback<_autotune_v1_SessionReport__Output>): grpc.ClientUnaryCall;
  
  GetSession(argument: _autotune_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _autotune_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _autotune_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _autotune_v1_GetSessionRequest, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _autotune_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _autotune_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _autotune_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _autotune_v1_GetSessionRequest, callback: grpc.requestCallback<_autotune_v1_Session__Output>): grpc.ClientUnaryCall;
  
  ListSessions(argument: _autotune_v1_ListSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _autotune_v1_ListSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _autotune_v1_ListSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _autotune_v1_ListSessionsRequest, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _autotune_v1_ListSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _autotune_v1_ListSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _autotune_v1_ListSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _autotune_v1_ListSessionsRequest, callback: grpc.requestCallback<_autotune_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  
  RejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  RejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  RejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  RejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  rejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  rejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  rejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  rejectRecommendation(argument: _autotune_v1_DecideRecommendationRequest, callback: grpc.requestCallback<_autotune_v1_RecommendationReport__Output>): grpc.ClientUnaryCall;
  
  RollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  RollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  RollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  RollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  rollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  rollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  rollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  rollbackInstance(argument: _autotune_v1_RollbackInstanceRequest, callback: grpc.requestCallback<_autotune_v1_AuditEntry__Output>): grpc.ClientUnaryCall;
  
  WatchSession(argument: _autotune_v1_WatchSessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_autotune_v1_ProgressEvent__Output>;
  WatchSession(argument: _autotune_v1_WatchSessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_autotune_v1_ProgressEvent__Output>;
  watchSession(argument: _autotune_v1_WatchSessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_autotune_v1_ProgressEvent__Output>;
  watchSession(argument: _autotune_v1_WatchSessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_autotune_v1_ProgressEvent__Output>;
  
}

export interface RecommendationHandlers extends grpc.UntypedServiceImplementation {
  ApproveRecommendation: grpc.handleUnaryCall<_autotune_v1_DecideRecommendationRequest__Output, _autotune_v1_RecommendationReport>;
  
  CancelSession: grpc.handleUnaryCall<_autotune_v1_CancelSessionRequest__Output, _autotune_v1_Session>;
  
  CreateSession: grpc.handleUnaryCall<_autotune_v1_CreateSessionRequest__Output, _autotune_v1_Session>;
  
  GetRecommendation: grpc.handleUnaryCall<_autotune_v1_GetRecommendationRequest__Output, _autotune_v1_RecommendationReport>;
  
  GetReport: grpc.handleUnaryCall<_autotune_v1_GetReportRequest__Output, _autotune_v1_SessionReport>;
  
  GetSession: grpc.handleUnaryCall<_autotune_v1_GetSessionRequest__Output, _autotune_v1_Session>;
  
  ListSessions: grpc.handleUnaryCall<_autotune_v1_ListSessionsRequest__Output, _autotune_v1_ListSessionsResponse>;
  
  RejectRecommendation: grpc.handleUnaryCall<_autotune_v1_DecideRecommendationRequest__Output, _autotune_v1_RecommendationReport>;
  
  RollbackInstance: grpc.handleUnaryCall<_autotune_v1_RollbackInstanceRequest__Output, _autotune_v1_AuditEntry>;
  
  WatchSession: grpc.handleServerStreamingCall<_autotune_v1_WatchSessionRequest__Output, _autotune_v1_ProgressEvent>;
  
}

export interface RecommendationDefinition extends grpc.ServiceDefinition {
  ApproveRecommendation: MethodDefinition<_autotune_v1_DecideRecommendationRequest, _autotune_v1_RecommendationReport, _autotune_v1_DecideRecommendationRequest__Output, _autotune_v1_RecommendationReport__Output>
  CancelSession: MethodDefinition<_autotune_v1_CancelSessionRequest, _autotune_v1_Session, _autotune_v1_CancelSessionRequest__Output, _autotune_v1_Session__Output>
  CreateSession: MethodDefinition<_autotune_v1_CreateSessionRequest, _autotune_v1_Session, _autotune_v1_CreateSessionRequest__Output, _autotune_v1_Session__Output>
  GetRecommendation: MethodDefinition<_autotune_v1_GetRecommendationRequest, _autotune_v1_RecommendationReport, _autotune_v1_GetRecommendationRequest__Output, _autotune_v1_RecommendationReport__Output>
  GetReport: MethodDefinition<_autotune_v1_GetReportRequest, _autotune_v1_SessionReport, _autotune_v1_GetReportRequest__Output, _autotune_v1_SessionReport__Output>
  GetSession: MethodDefinition<_autotune_v1_GetSessionRequest, _autotune_v1_Session, _autotune_v1_GetSessionRequest__Output, _autotune_v1_Session__Output>
  ListSessions: MethodDefinition<_autotune_v1_ListSessionsRequest, _autotune_v1_ListSessionsResponse, _autotune_v1_ListSessionsRequest__Output, _autotune_v1_ListSessionsResponse__Output>
  RejectRecommendation: MethodDefinition<_autotune_v1_DecideRecommendationRequest, _autotune_v1_RecommendationReport, _autotune_v1_DecideRecommendationRequest__Output, _autotune_v1_RecommendationReport__Output>
  RollbackInstance: MethodDefinition<_autotune_v1_RollbackInstanceRequest, _autotune_v1_AuditEntry, _autotune_v1_RollbackInstanceRequest__Output, _autotune_v1_AuditEntry__Output>
  WatchSession: MethodDefinition<_autotune_v1_WatchSessionRequest, _autotune_v1_ProgressEvent, _autotune_v1_WatchSessionRequest__Output, _autotune_v1_ProgressEvent__Output>
}
