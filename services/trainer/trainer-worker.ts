import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import type { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import { abortableSleep } from '../../lib/core/abortable-sleep';
import { FailedPreconditionError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { SERVICE_NAMES } from '../../lib/grpc/autotune-proto';
import { checkHealth } from '../../lib/grpc/health-client';
import { SESSION_CLAIM } from '../../lib/session/session-claim';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { StoreUnavailableError } from '../../lib/store/store-unavailable-error';
import type { SessionRecord } from '../../lib/store/session-repository';
import { grpcEnvironment } from './grpc-environment';
import { PausedRetrySchedule } from './paused-retry-schedule';
import { SessionRunner, type SessionEnd } from './session-runner';

export interface TrainerOptions {
  store: MetadataStore;
  environment: EnvironmentClient;
  /** Where replay buffers live. @defaultValue 'redis://127.0.0.1:6379' */
  redisUrl?: string;
  /** @defaultValue host name, pid and a random suffix */
  workerId?: string;
  /** Replay capacity per session. @defaultValue 100_000 */
  replayCapacity?: number;
  /** A claimed session whose heartbeat is older than this is taken over. @defaultValue SESSION_CLAIM.staleAfterMs (120 s) */
  staleAfterMs?: number;
  /** @defaultValue 10_000 */
  heartbeatMs?: number;
  signal?: AbortSignal;
}

/** A trainer: claims sessions from the store (several trainers may run) and runs them. */
export class Trainer {
  readonly workerId: string;
  /** When each paused session's collector is asked next. */
  private readonly retries: PausedRetrySchedule;
  /** Whether the last store call failed: its outage and its return are each logged once. */
  private storeDown = false;

  constructor(private readonly options: TrainerOptions) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.retries = new PausedRetrySchedule();
  }

  /**
   * Claims and runs this session (pending, paused, or running with a dead trainer: resumed) to
   * its end. A session that pauses (its collector unreachable) is resumed here as soon as the
   * collector answers again; 'stopped' when the signal comes first or another trainer resumed it.
   */
  async runSession(sessionId: string): Promise<SessionEnd> {
    let session = await this.options.store.sessions.claimNext(this.workerId, { sessionId, staleAfterMs: this.options.staleAfterMs });
    if (!session) {
      const current = await this.options.store.sessions.get(sessionId);
      throw new FailedPreconditionError(
        `session ${sessionId} is ${current.status}${current.claimedBy ? `, held by trainer ${current.claimedBy}` : ''}; ` +
          'only a pending or paused session, or one whose trainer stopped sending heartbeats, can be run (a trainer that was killed lets go after a few heartbeats)',
      );
    }
    for (;;) {
      const end = await this.run(session);
      if (end !== 'paused') return end;
      const resumed = await this.resumeWhenBack(session.id);
      if (!resumed) return 'stopped';
      session = resumed;
    }
  }

  /**
   * Serves until the signal: claims the oldest pending (or abandoned) session, or else resumes a
   * paused one whose collector answers again (each asked on its own backoff,
   * paused-retry-schedule.ts), runs it, repeats.
   */
  async serve(pollMs = 2_000): Promise<void> {
    const { signal } = this.options;
    while (!signal?.aborted) {
      const session = (await this.claimNext()) ?? (await this.resumeReachable());
      if (!session) {
        await abortableSleep(pollMs, signal);
        continue;
      }
      logger.info({ session: session.id, worker: this.workerId }, 'claimed session');
      const end = await this.run(session);
      logger.info({ session: session.id, end }, 'session ended');
    }
  }

  // A store that is down (restarting) is waited for, not fatal: the trainer keeps polling.
  private async claimNext(): Promise<SessionRecord | undefined> {
    return this.orStoreDown(() => this.options.store.sessions.claimNext(this.workerId, { staleAfterMs: this.options.staleAfterMs }));
  }

  /** The oldest paused session that is due a check and whose collector answers its health check again, claimed by this trainer. */
  private async resumeReachable(): Promise<SessionRecord | undefined> {
    const paused = await this.orStoreDown(() => this.options.store.sessions.paused());
    if (!paused) return undefined;
    this.retries.keepOnly(new Set(paused.map((p) => p.id)));
    for (const { id, collectorAddress } of paused) {
      if (!this.retries.due(id)) continue;
      if (!(await collectorServing(collectorAddress))) {
        this.stillDown(id, collectorAddress);
        continue;
      }
      this.retries.forget(id);
      const session = await this.orStoreDown(() => this.options.store.sessions.resumePaused(id, this.workerId));
      if (session) {
        logger.info({ session: id, collector: collectorAddress, worker: this.workerId }, 'collector answers again; resuming the paused session');
        return session;
      }
    }
    return undefined;
  }

  /** Waits for the paused session's collector (on its backoff) and claims the session again; undefined on the signal or when another trainer got it first. */
  private async resumeWhenBack(sessionId: string): Promise<SessionRecord | undefined> {
    const { store, signal } = this.options;
    while (!signal?.aborted) {
      await abortableSleep(this.retries.waitMs(sessionId), signal);
      if (signal?.aborted) break;
      const session = await this.orStoreDown(() => store.sessions.get(sessionId));
      if (session && session.status !== 'paused') {
        this.retries.forget(sessionId);
        return undefined;
      }
      const instance = session && (await this.orStoreDown(() => store.instances.get(session.instanceId)));
      if (!instance) {
        // The store did not answer: that outage is logged by orStoreDown; ask again later.
        this.retries.failed(sessionId);
        continue;
      }
      if (!(await collectorServing(instance.collectorAddress))) {
        this.stillDown(sessionId, instance.collectorAddress);
        continue;
      }
      this.retries.forget(sessionId);
      const resumed = await this.orStoreDown(() => store.sessions.resumePaused(sessionId, this.workerId));
      if (resumed) logger.info({ session: sessionId, collector: instance.collectorAddress }, 'collector answers again; resuming the paused session');
      return resumed;
    }
    return undefined;
  }

  /** A check found the paused session's collector still down: the next waits longer, and this is said once per pause. */
  private stillDown(sessionId: string, collectorAddress: string): void {
    this.retries.failed(sessionId);
    if (!this.retries.tellOnce(sessionId)) return;
    logger.info(
      { session: sessionId, collector: collectorAddress, worker: this.workerId, maxWaitMs: SESSION_CLAIM.pausedRetryMaxMs },
      'paused session: its collector does not answer yet; asking again at growing intervals, at most a minute apart (the next line about it is when it answers)',
    );
  }

  /** A store call, or undefined when the store does not answer; its outage and its return are each logged once. */
  private async orStoreDown<T>(read: () => Promise<T>): Promise<T | undefined> {
    let result: T;
    try {
      result = await read();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      if (!this.storeDown) logger.warn({ worker: this.workerId, err: errorMessage(err) }, 'metadata store unreachable; polling again');
      this.storeDown = true;
      return undefined;
    }
    if (this.storeDown) logger.info({ worker: this.workerId }, 'metadata store answers again');
    this.storeDown = false;
    return result;
  }

  private run(session: SessionRecord): Promise<SessionEnd> {
    const { store, environment, redisUrl, replayCapacity = 100_000 } = this.options;
    return new SessionRunner(session, {
      store,
      openEnvironment: grpcEnvironment(environment),
      openReplay: (id, stateDim, actionDim) =>
        RedisReplayBuffer.open({ session: id, url: redisUrl, stateDim, actionDim, capacity: replayCapacity }),
      workerId: this.workerId,
      signal: this.options.signal,
      heartbeatMs: this.options.heartbeatMs,
    }).run();
  }
}

/** Whether the collector's gRPC health check answers SERVING within SESSION_CLAIM.pausedHealthTimeoutMs. */
async function collectorServing(address: string): Promise<boolean> {
  const status = await checkHealth(address, SERVICE_NAMES.collector, SESSION_CLAIM.pausedHealthTimeoutMs).catch(() => 'DOWN');
  return status === 'SERVING';
}
