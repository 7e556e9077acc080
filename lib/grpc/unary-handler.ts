import type { handleUnaryCall } from '@grpc/grpc-js';
import { UnavailableError } from '../core/errors';
import { toGrpcStatus } from './grpc-errors';

/**
 * Adapts an async function to grpc-js's callback handler, mapping errors in one place. The
 * signal aborts when the caller cancels the call or its deadline passes, so long work (a
 * pgbench run) can stop instead of running for nobody.
 */
export function unaryHandler<Req, Res>(
  method: string,
  fn: (request: Req, cancelled: AbortSignal) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const cancelled = new AbortController();
    call.once('cancelled', () => cancelled.abort(new UnavailableError(`${method}: the caller cancelled the call`)));
    // Through a resolved promise so a synchronous throw is mapped like a rejection.
    Promise.resolve(call.request).then((request) => fn(request, cancelled.signal)).then(
      (response) => callback(null, response),
      (err: unknown) => callback(toGrpcStatus(err, method)),
    );
  };
}
