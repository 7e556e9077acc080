import * as grpc from '@grpc/grpc-js';
import { logger } from '../../core/logger';
import type { BearerToken } from './bearer-token';

/**
 * Health checks stay open: a load balancer, `docker compose` or a supervisor asks whether a
 * service is up without holding the token, and the answer (SERVING or not) reveals nothing
 * the open port does not.
 */
const OPEN_PREFIX = '/grpc.health.v1.Health/';

/**
 * Requires `authorization: Bearer <token>` on every call but health checks. A call without it
 * or with another token ends with UNAUTHENTICATED before its handler runs; the refusal is
 * logged with the method and the caller's address, never with what the caller sent.
 */
export function bearerAuthInterceptor(token: BearerToken): grpc.ServerInterceptor {
  return (method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, pass) => {
            if (method.path.startsWith(OPEN_PREFIX)) return pass(metadata);
            const problem = authorizationProblem(metadata, token);
            if (!problem) return pass(metadata);
            logger.warn({ method: method.path, peer: call.getPeer(), problem }, 'call refused');
            call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: `${problem}; send authorization: Bearer <token> (the token the service was started with)`, metadata: new grpc.Metadata() });
          },
        });
      },
    });
}

function authorizationProblem(metadata: grpc.Metadata, token: BearerToken): string | undefined {
  const values = metadata.get('authorization');
  if (values.length === 0) return 'no bearer token';
  if (values.length > 1) return 'more than one authorization value';
  const value = values[0];
  if (typeof value !== 'string' || !token.matches(value)) return 'wrong bearer token';
  return undefined;
}
