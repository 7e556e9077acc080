// Original file: proto/autotune/v1/environment.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CloseRequest as _autotune_v1_CloseRequest, CloseRequest__Output as _autotune_v1_CloseRequest__Output } from '../../autotune/v1/CloseRequest';
import type { CloseResponse as _autotune_v1_CloseResponse, CloseResponse__Output as _autotune_v1_CloseResponse__Output } from '../../autotune/v1/CloseResponse';
import type { MeasureRequest as _autotune_v1_MeasureRequest, MeasureRequest__Output as _autotune_v1_MeasureRequest__Output } from '../../autotune/v1/MeasureRequest';
import type { MeasureResponse as _autotune_v1_MeasureResponse, MeasureResponse__Output as _autotune_v1_MeasureResponse__Output } from '../../autotune/v1/MeasureResponse';
import type { OpenRequest as _autotune_v1_OpenRequest, OpenRequest__Output as _autotune_v1_OpenRequest__Output } from '../../autotune/v1/OpenRequest';
import type { OpenResponse as _autotune_v1_OpenResponse, OpenResponse__Output as _autotune_v1_OpenResponse__Output } from '../../autotune/v1/OpenResponse';
import type { QueryMix as _autotune_v1_QueryMix, QueryMix__Output as _autotune_v1_QueryMix__Output } from '../../autotune/v1/QueryMix';
import type { ReadQueryMixRequest as _autotune_v1_ReadQueryMixRequest, ReadQueryMixRequest__Output as _autotune_v1_ReadQueryMixRequest__Output } from '../../autotune/v1/ReadQueryMixRequest';
import type { ResetRequest as _autotune_v1_ResetRequest, ResetRequest__Output as _autotune_v1_ResetRequest__Output } from '../../autotune/v1/ResetRequest';
import type { ResetResponse as _autotune_v1_ResetResponse, ResetResponse__Output as _autotune_v1_ResetResponse__Output } from '../../autotune/v1/ResetResponse';
import type { StepRequest as _autotune_v1_StepRequest, StepRequest__Output as _autotune_v1_StepRequest__Output } from '../../autotune/v1/StepRequest';
import type { StepResponse as _autotune_v1_StepResponse, StepResponse__Output as _autotune_v1_StepResponse__Output } from '../../autotune/v1/StepResponse';

export interface EnvironmentClient extends grpc.Client {
  Close(argument: _autotune_v1_CloseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_CloseResponse__Output>): grpc.ClientUnaryCall;
  Close(argument: _autotune_v1_CloseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_CloseResponse__Output>): grpc.ClientUnaryCall;
  Close(argument: _autotune_v1_CloseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_CloseResponse__Output>): grpc.ClientUnaryCall;
  Close(argument: _autotune_v1_CloseRequest, callback: grpc.requestCallback<_autotune_v1_CloseResponse__Output>): grpc.ClientUnaryCall;
  
  Measure(argument: _autotune_v1_MeasureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  Measure(argument: _autotune_v1_MeasureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  Measure(argument: _autotune_v1_MeasureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  Measure(argument: _autotune_v1_MeasureRequest, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  measure(argument: _autotune_v1_MeasureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  measure(argument: _autotune_v1_MeasureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  measure(argument: _autotune_v1_MeasureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  measure(argument: _autotune_v1_MeasureRequest, callback: grpc.requestCallback<_autotune_v1_MeasureResponse__Output>): grpc.ClientUnaryCall;
  
  Open(argument: _autotune_v1_OpenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  Open(argument: _autotune_v1_OpenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  Open(argument: _autotune_v1_OpenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  Open(argument: _autotune_v1_OpenRequest, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  open(argument: _autotune_v1_OpenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  open(argument: _autotune_v1_OpenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  open(argument: _autotune_v1_OpenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  open(argument: _autotune_v1_OpenRequest, callback: grpc.requestCallback<_autotune_v1_OpenResponse__Output>): grpc.ClientUnaryCall;
  
  ReadQueryMix(argument: _autotune_v1_ReadQueryMixRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  ReadQueryMix(argument: _autotune_v1_ReadQueryMixRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  ReadQueryMix(argument: _autotune_v1_ReadQueryMixRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  ReadQueryMix(argument: _autotune_v1_ReadQueryMixRequest, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  readQueryMix(argument: _autotune_v1_ReadQueryMixRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  readQueryMix(argument: _autotune_v1_ReadQueryMixRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  readQueryMix(argument: _autotune_v1_ReadQueryMixRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  readQueryMix(argument: _autotune_v1_ReadQueryMixRequest, callback: grpc.requestCallback<_autotune_v1_QueryMix__Output>): grpc.ClientUnaryCall;
  
  Reset(argument: _autotune_v1_ResetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  Reset(argument: _autotune_v1_ResetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  Reset(argument: _autotune_v1_ResetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  Reset(argument: _autotune_v1_ResetRequest, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  reset(argument: _autotune_v1_ResetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  reset(argument: _autotune_v1_ResetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  reset(argument: _autotune_v1_ResetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  reset(argument: _autotune_v1_ResetRequest, callback: grpc.requestCallback<_autotune_v1_ResetResponse__Output>): grpc.ClientUnaryCall;
  
  Step(argument: _autotune_v1_StepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  Step(argument: _autotune_v1_StepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  Step(argument: _autotune_v1_StepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  Step(argument: _autotune_v1_StepRequest, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  step(argument: _autotune_v1_StepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  step(argument: _autotune_v1_StepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  step(argument: _autotune_v1_StepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  step(argument: _autotune_v1_StepRequest, callback: grpc.requestCallback<_autotune_v1_StepResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface EnvironmentHandlers extends grpc.UntypedServiceImplementation {
  Close: grpc.handleUnaryCall<_autotune_v1_CloseRequest__Output, _autotune_v1_CloseResponse>;
  
  Measure: grpc.handleUnaryCall<_autotune_v1_MeasureRequest__Output, _autotune_v1_MeasureResponse>;
  
  Open: grpc.handleUnaryCall<_autotune_v1_OpenRequest__Output, _autotune_v1_OpenResponse>;
  
  ReadQueryMix: grpc.handleUnaryCall<_autotune_v1_ReadQueryMixRequest__Output, _autotune_v1_QueryMix>;
  
  Reset: grpc.handleUnaryCall<_autotune_v1_ResetRequest__Output, _autotune_v1_ResetResponse>;
  
  Step: grpc.handleUnaryCall<_autotune_v1_StepRequest__Output, _autotune_v1_StepResponse>;
  
}

export interface EnvironmentDefinition extends grpc.ServiceDefinition {
  Close: MethodDefinition<_autotune_v1_CloseRequest, _autotune_v1_CloseResponse, _autotune_v1_CloseRequest__Output, _autotune_v1_CloseResponse__Output>
  Measure: MethodDefinition<_autotune_v1_MeasureRequest, _autotune_v1_MeasureResponse, _autotune_v1_MeasureRequest__Output, _autotune_v1_MeasureResponse__Output>
  Open: MethodDefinition<_autotune_v1_OpenRequest, _autotune_v1_OpenResponse, _autotune_v1_OpenRequest__Output, _autotune_v1_OpenResponse__Output>
  ReadQueryMix: MethodDefinition<_autotune_v1_ReadQueryMixRequest, _autotune_v1_QueryMix, _autotune_v1_ReadQueryMixRequest__Output, _autotune_v1_QueryMix__Output>
  Reset: MethodDefinition<_autotune_v1_ResetRequest, _autotune_v1_ResetResponse, _autotune_v1_ResetRequest__Output, _autotune_v1_ResetResponse__Output>
  Step: MethodDefinition<_autotune_v1_StepRequest, _autotune_v1_StepResponse, _autotune_v1_StepRequest__Output, _autotune_v1_StepResponse__Output>
}
