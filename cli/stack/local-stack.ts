import { startCollector, type StartCollectorOptions } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { startEnvironment } from '../../services/environment/start-environment';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { startTrainer, type SessionEnd } from '../../services/trainer/start-trainer';
import { randomBytes } from 'node:crypto';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import { useClientSecurity } from '../../lib/grpc/channel-credentials';
import type { RunningServer } from '../../lib/grpc/grpc-server';
import { SESSION_CLAIM } from '../../lib/session/session-claim';
import { redisForRun } from './redis-for-run';

export interface LocalStackOptions {
  /** --store; without it, where storeLocations says (never inside the tuned server). */
  storeDsn?: string;
  /** --redis; without it, the local default or a private redis-server (redisForRun). */
  redisUrl?: string;
  /** The collector's target, control and data directory (it runs next to the server here). */
  collector: Omit<StartCollectorOptions, 'port' | 'listenHost' | 'security'>;
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
 * The composition root of `pg-autotune tune`: Redis for the replay buffers, every service in
 * this process (each on its own loopback port picked by the OS, talking gRPC to each other
 * exactly as separate processes would: `pg-autotune serve ...`, the docker-compose file) and a
 * trainer. Each store-backed service opens the metadata store itself from the same location
 * and closes it when stopped; a private store cluster this run started is stopped with the
 * service that started it (Discovery: started first, stopped last). The command itself talks
 * to the services through their gRPC clients, as a remote user would. Even here every call
 * carries a bearer token, random for this run and known only to this process: another user
 * of the host cannot drive the collector through the loopback ports while `tune` runs.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const say = options.onProgress;
  const storeAt = { dsn: options.storeDsn, tuned: options.collector.target, stopPrivateCluster: true };
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  const security = { token: new BearerToken(randomBytes(32).toString('hex'), 'the local stack') };
  useClientSecurity(security);
  cleanups.push(() => useClientSecurity({}));
  try {
    // Discovery first: it is the one that finds (or starts) the store, and says where.
    const discovery = await startDiscovery({ store: { ...storeAt, onProgress: say }, port: 0, security });
    cleanups.push(() => discovery.stop());
    say(`metadata store: ${discovery.storeWhere}`);
    const redis = await redisForRun(options.redisUrl);
    cleanups.push(() => redis.stop());
    if (redis.private) say(`replay buffer: a private redis-server at ${redis.url}`);
    const servers: RunningServer[] = [];
    cleanups.push(async () => {
      for (const server of servers.reverse()) await server.stop();
    });
    const collector = await startCollector({ ...options.collector, port: 0, security });
    servers.push(collector);
    const environment = await startEnvironment({ port: 0, security });
    servers.push(environment);
    const recommendation = await startRecommendation({ store: storeAt, port: 0, security });
    servers.push(recommendation);
    const trainer = await startTrainer({
      store: storeAt,
      environmentAddress: environment.address,
      redisUrl: redis.url,
      signal: options.signal,
      staleAfterMs: SESSION_CLAIM.soleTrainerStaleAfterMs,
    });
    cleanups.push(() => trainer.stop());
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
