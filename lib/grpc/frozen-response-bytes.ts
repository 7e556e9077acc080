import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

/**
 * Encodes a frozen response once: the bytes of a response object that is frozen
 * (Object.isFrozen, as the answers the Recommendation API keeps for finished sessions are) are
 * kept beside it, so serving the same object again sends those bytes instead of encoding it
 * again (protobuf encoding was the largest share of a cached GetRecommendation after
 * grpc-js itself). Only frozen objects are kept, so a response that can still change is
 * always encoded afresh; the bytes live exactly as long as their object (a WeakMap).
 */
export function keepFrozenResponseBytes(definition: ServiceDefinition): ServiceDefinition {
  const kept: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition) as [string, MethodDefinition<unknown, unknown>][]) {
    const bytes = new WeakMap<object, Buffer>();
    kept[name] = {
      ...method,
      responseSerialize: (value: unknown) => {
        if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return method.responseSerialize(value);
        let encoded = bytes.get(value);
        if (!encoded) {
          encoded = method.responseSerialize(value);
          bytes.set(value, encoded);
        }
        return encoded;
      },
    };
  }
  return kept as ServiceDefinition;
}
