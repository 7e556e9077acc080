import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { RedisReplayBuffer } from '../../model/replay/redis-replay-buffer';
import type { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import { FailedPreconditionError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { StoreUnavailableError } from '../../lib/store/store-unavailable-error';
import type { SessionRecord } from '../../lib/store/session-repository';
import { grpcEnvironment } from './grpc-environment';
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

  constructor(private readonly options: TrainerOptions) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Claims and runs this session (pending, or running with a dead trainer: resumed). */
  async runSession(sessionId: string): Promise<SessionEnd> {
    const session = await this.options.store.sessions.claimNext(this.workerId, { sessionId, staleAfterMs: this.options.staleAfterMs });
    if (!session) {
      const current = await this.options.store.sessions.get(sessionId);
      throw new FailedPreconditionError(
        `session ${sessionId} is ${current.status}${current.claimedBy ? `, held by trainer ${current.claimedBy}` : ''}; ` +
          'only a pending session, or one whose trainer stopped sending heartbeats, can be run (a trainer that was killed lets go after a few heartbeats)',
      );
    }
    return this.run(session);
  }

  /** Serves until the signal: claims the oldest pending (or abandoned) session, runs it, repeats. */
  async serve(pollMs = 2_000): Promise<void> {
    const { signal } = this.options;
    while (!signal?.aborted) {
      const session = await this.claimNext();
      if (!session) {
        await sleep(pollMs, signal);
        continue;
      }
      logger.info({ session: session.id, worker: this.workerId }, 'claimed session');
      const end = await this.run(session);
      logger.info({ session: session.id, end }, 'session ended');
    }
  }

  // A store that is down (restarting) is waited for, not fatal: the trainer keeps polling.
  private async claimNext(): Promise<SessionRecord | undefined> {
    try {
      return await this.options.store.sessions.claimNext(this.workerId, { staleAfterMs: this.options.staleAfterMs });
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      logger.warn({ worker: this.workerId, err: errorMessage(err) }, 'metadata store unreachable; polling again');
      return undefined;
    }
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
