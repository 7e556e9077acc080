import type { handleServerStreamingCall } from '@grpc/grpc-js';
import type { ProgressEvent } from '../../proto/generated/autotune/v1/ProgressEvent';
import type { RecommendationHandlers } from '../../proto/generated/autotune/v1/Recommendation';
import type { WatchSessionRequest__Output } from '../../proto/generated/autotune/v1/WatchSessionRequest';
import { toGrpcStatus } from '../../lib/grpc/grpc-errors';
import { unaryHandler } from '../../lib/grpc/unary-handler';
import type { RecommendationService } from './recommendation-service';

/** The gRPC face of a RecommendationService. */
export function recommendationHandlers(service: RecommendationService): RecommendationHandlers {
  return {
    CreateSession: unaryHandler('Recommendation.CreateSession', (r) => service.createSession(r)),
    GetSession: unaryHandler('Recommendation.GetSession', (r) => service.getSession(r.id)),
    ListSessions: unaryHandler('Recommendation.ListSessions', (r) => service.listSessions(r)),
    CancelSession: unaryHandler('Recommendation.CancelSession', (r) => service.cancelSession(r.id)),
    WatchSession: watchHandler(service),
    GetRecommendation: unaryHandler('Recommendation.GetRecommendation', (r) => service.getRecommendation(r.sessionId)),
    GetReport: unaryHandler('Recommendation.GetReport', (r) => service.getReport(r.sessionId)),
    ApproveRecommendation: unaryHandler('Recommendation.ApproveRecommendation', (r) => service.approveRecommendation(r)),
    RejectRecommendation: unaryHandler('Recommendation.RejectRecommendation', (r) => service.rejectRecommendation(r)),
    RollbackInstance: unaryHandler('Recommendation.RollbackInstance', (r) => service.rollbackInstance(r)),
  };
}

const WATCH = 'Recommendation.WatchSession';

/**
 * The progress stream: events as the store shows them, the stream's end when the session is
 * final. A client that cancels (or disconnects) aborts the watch, which clears its timer;
 * errors are mapped to a status in the same place as the unary calls'.
 */
function watchHandler(service: RecommendationService): handleServerStreamingCall<WatchSessionRequest__Output, ProgressEvent> {
  return (call) => {
    const abort = new AbortController();
    call.on('cancelled', () => abort.abort());
    const emit = (event: ProgressEvent) => {
      if (!call.cancelled) call.write(event);
    };
    Promise.resolve()
      .then(() => service.watchSession(call.request.id, emit, abort.signal))
      .then(
        () => {
          if (!call.cancelled) call.end();
        },
        (err: unknown) => {
          if (!call.cancelled) call.emit('error', toGrpcStatus(err, WATCH));
        },
      );
  };
}
