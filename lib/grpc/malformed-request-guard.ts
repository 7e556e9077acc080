import { status, type MethodDefinition, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';

/** Stands in for a request whose bytes are not a valid protobuf message. */
class MalformedRequest {
  constructor(readonly path: string) {}
}

/**
 * grpc-js answers a request it cannot decode with INTERNAL, as if the server were broken; the
 * caller's bytes are at fault, so pg-autotune answers INVALID_ARGUMENT naming the method. The
 * decoder is wrapped to hand the handler a marker instead of throwing (a server interceptor
 * cannot do it: grpc-js fails the call below the interceptors), and each handler is wrapped to
 * answer the marker before any service code runs.
 */
export function guardMalformedRequests(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): { definition: ServiceDefinition; implementation: UntypedServiceImplementation } {
  const guardedDefinition: Record<string, MethodDefinition<unknown, unknown>> = {};
  const guardedImplementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition) as [string, MethodDefinition<unknown, unknown>][]) {
    guardedDefinition[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch {
          return new MalformedRequest(method.path);
        }
      },
    };
    const key = Object.hasOwn(implementation, name) ? name : method.originalName;
    const handler = key === undefined ? undefined : implementation[key];
    if (key === undefined || handler === undefined) continue;
    // Client-streaming calls have no call.request; this API has none, so only the first two shapes matter.
    guardedImplementation[key] = ((call: { request?: unknown; emit(event: 'error', err: unknown): void }, callback?: (err: unknown) => void) => {
      if (call.request instanceof MalformedRequest) {
        const failure = { code: status.INVALID_ARGUMENT, details: `request: not a valid protobuf message for ${call.request.path}` };
        if (callback) callback(failure);
        else call.emit('error', failure);
        return;
      }
      (handler as (call: unknown, callback?: unknown) => void)(call, callback);
    }) as UntypedServiceImplementation[string];
  }
  return { definition: guardedDefinition as ServiceDefinition, implementation: guardedImplementation };
}
