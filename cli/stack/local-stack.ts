import { startCollector, type StartCollectorOptions } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { startEnvironment } from '../../services/environment/start-environment';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import type { SessionEnd } from '../../services/trainer/trainer-worker';
import { Trainer } from '../../services/trainer/trainer-worker';
import { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import type { RunningServer } from '../../lib/grpc/grpc-server';
import { openDefaultStore } from '../../lib/store/open-default-store';
import { redisForRun } from './redis-for-run';

export interface LocalStackOptions {
  /** --store; without it, where storeLocations says (never inside the tuned server). */
  storeDsn?: string;
  /** --redis; without it, the local default or a private redis-server (redisForRun). */
  redisUrl?: string;
  /** The collector's target, control and data directory (it runs next to the server here). */
  collector: Omit<StartCollectorOptions, 'port' | 'listenHost'>;
  /** Stops the trainer between runs (Ctrl-C): it restores the server and leaves the session resumable. */
  signal: AbortSignal;
  /** Notes for people: where the store and Redis are. */
  onProgress: (message: string) => void;
}

export interface LocalStack {
  collectorAddress: string;
  discoveryAddress: string;
  recommendationAddress: string;
  /** The stack's trainer claims this session and runs it to its end (or until the signal). */
  runSession(sessionId: string): Promise<SessionEnd>;
  /** Stops everything it started, in reverse order. */
  stop(): Promise<void>;
}

/**
 * Resuming after a crash: three missed trainer heartbeats (10 s apart) mark the dead run's
 * claim as abandoned, so `tune --resume` need not wait the 120 s a shared trainer would.
 */
const STALE_AFTER_MS = 30_000;

/**
 * The composition root of `pg-autotune tune`: the metadata store, Redis for the replay
 * buffers, every service in this process (each on its own loopback port picked by the OS,
 * talking gRPC to each other exactly as separate processes would: `pg-autotune serve ...`,
 * the docker-compose file) and a trainer. Only this file holds the store; the command itself
 * talks to the services through their gRPC clients, as a remote user would.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const say = options.onProgress;
  const { store, where } = await openDefaultStore({ dsn: options.storeDsn, tuned: options.collector.target, onProgress: say });
  say(`metadata store: ${where}`);
  const cleanups: Array<() => Promise<void> | void> = [() => store.close()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const redis = await redisForRun(options.redisUrl);
    cleanups.push(() => redis.stop());
    if (redis.private) say(`replay buffer: a private redis-server at ${redis.url}`);
    const servers: RunningServer[] = [];
    cleanups.push(async () => {
      for (const server of servers.reverse()) await server.stop();
    });
    const collector = await startCollector({ ...options.collector, port: 0 });
    servers.push(collector);
    const environment = await startEnvironment({ port: 0 });
    servers.push(environment);
    const discovery = await startDiscovery({ store, port: 0 });
    servers.push(discovery);
    const recommendation = await startRecommendation({ store, port: 0 });
    servers.push(recommendation);
    const environmentClient = new EnvironmentClient(environment.address);
    cleanups.push(() => environmentClient.closeClient());
    const trainer = new Trainer({ store, environment: environmentClient, redisUrl: redis.url, signal: options.signal, staleAfterMs: STALE_AFTER_MS });
    return {
      collectorAddress: collector.address,
      discoveryAddress: discovery.address,
      recommendationAddress: recommendation.address,
      runSession: (sessionId) => trainer.runSession(sessionId),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
