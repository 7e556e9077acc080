import type { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import type { OpenEnvironment } from './tuning-environment';

/** Opens environments on an Environment service through its gRPC client. */
export function grpcEnvironment(client: EnvironmentClient): OpenEnvironment {
  return async (request) => {
    const opened = await client.open(request);
    return {
      actionSpace: opened.actionSpace,
      stateNames: opened.stateNames,
      server: opened.server,
      reset: () => client.reset(opened.envId),
      step: (action) => client.step(opened.envId, action),
      measure: (knobs) => client.measure(opened.envId, knobs),
      readQueryMix: (since, include) => client.readQueryMix(opened.envId, since, include),
      close: async (keepCurrent, original) => {
        await client.close(opened.envId, keepCurrent, original);
      },
    };
  };
}
