import { startCollector, type StartCollectorOptions } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { startEnvironment } from '../../services/environment/start-environment';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import type { RunningServer } from '../../lib/grpc/grpc-server';
import type { MetadataStore } from '../../lib/store/metadata-store';

export interface LocalStackOptions {
  store: MetadataStore;
  /** The collector's target, control and data directory (it runs next to the server here). */
  collector: Omit<StartCollectorOptions, 'port' | 'listenHost'>;
}

export interface LocalStack {
  collectorAddress: string;
  environmentAddress: string;
  discoveryAddress: string;
  recommendationAddress: string;
  stop(): Promise<void>;
}

/**
 * Every service in this process, each on its own loopback port picked by the OS, talking
 * gRPC to each other exactly as separate processes would (`pg-autotune serve ...`, the
 * docker-compose file). This is what `pg-autotune tune` runs.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started: RunningServer[] = [];
  const stop = async () => {
    for (const server of started.reverse()) await server.stop();
  };
  try {
    const collector = await startCollector({ ...options.collector, port: 0 });
    started.push(collector);
    const environment = await startEnvironment({ port: 0 });
    started.push(environment);
    const discovery = await startDiscovery({ store: options.store, port: 0 });
    started.push(discovery);
    const recommendation = await startRecommendation({ store: options.store, port: 0 });
    started.push(recommendation);
    return {
      collectorAddress: collector.address,
      environmentAddress: environment.address,
      discoveryAddress: discovery.address,
      recommendationAddress: recommendation.address,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
