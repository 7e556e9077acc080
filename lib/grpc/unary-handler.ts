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
    let answered = false;
    // grpc-js also emits 'cancelled' when the stream of an answered call closes; building the
    // error then (a stack trace per call) was a measurable share of a cached call's cost.
    call.once('cancelled', () => {
      if (!answered) cancelled.abort(new UnavailableError(`${method}: the caller cancelled the call`));
    });
    const answer: typeof callback = (...args) => {
      answered = true;
      callback(...args);
    };
    // Through a resolved promise so a synchronous throw is mapped like a rejection.
    Promise.resolve(call.request).then((request) => fn(request, cancelled.signal)).then(
      (response) => answer(null, response),
      (err: unknown) => answer(toGrpcStatus(err, method)),
    );
  };
}
