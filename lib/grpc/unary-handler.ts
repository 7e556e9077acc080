import type { handleUnaryCall } from '@grpc/grpc-js';
import { toGrpcStatus } from './grpc-errors';

/** Adapts an async function to grpc-js's callback handler, mapping errors in one place. */
export function unaryHandler<Req, Res>(method: string, fn: (request: Req) => Promise<Res>): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    // Through a resolved promise so a synchronous throw is mapped like a rejection.
    Promise.resolve(call.request).then(fn).then(
      (response) => callback(null, response),
      (err: unknown) => callback(toGrpcStatus(err, method)),
    );
  };
}
