import type { CallOptions, ClientUnaryCall, requestCallback, ServiceError } from '@grpc/grpc-js';
import { fromGrpcError } from './grpc-errors';

/**
 * Promisifies one unary call with a deadline, turning gRPC failures into named errors.
 * `what` names the remote side for messages ("collector at 127.0.0.1:7002").
 */
export function unaryCall<Res>(
  what: string,
  timeoutMs: number,
  start: (options: CallOptions, callback: requestCallback<Res>) => ClientUnaryCall,
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    start({ deadline: Date.now() + timeoutMs }, (err: ServiceError | null, response?: Res) => {
      if (err) reject(fromGrpcError(err, what));
      else resolve(response as Res);
    });
  });
}
