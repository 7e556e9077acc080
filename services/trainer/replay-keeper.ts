import type { ReplayBuffer } from '../../model/replay/replay-buffer';
import { logger } from '../../lib/core/logger';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { ensureReplay } from './replay-rebuild';

/**
 * The session's replay buffer, kept whole: Redis keeps no copy of its own (a restart empties
 * it, and the buffer reconnects by itself), so what it lost is refilled from the store, which
 * has every step.
 */
export class ReplayKeeper {
  /** Transitions the replay buffer held at the last look: fewer later means Redis lost them. */
  private held = 0;

  constructor(
    readonly buffer: ReplayBuffer,
    private readonly store: MetadataStore,
    private readonly sessionId: string,
  ) {}

  /** Refills the buffer from `iterations` where it lacks them (a fresh Redis, a resume), then notes what it holds. */
  async fill(iterations: IterationRecord[]): Promise<void> {
    const rebuilt = await ensureReplay(this.buffer, iterations);
    if (rebuilt > 0) logger.info({ session: this.sessionId, transitions: rebuilt }, 'replay buffer rebuilt from the store');
    this.held = await this.buffer.size();
  }

  /**
   * A buffer never shrinks otherwise: one that holds fewer transitions than at the last look,
   * before or after a step, is refilled from the store.
   */
  async keep(): Promise<void> {
    const replay = this.buffer;
    const size = await replay.size();
    if (size < this.held) {
      const rebuilt = await ensureReplay(replay, await this.store.iterations.list(this.sessionId));
      logger.info({ session: this.sessionId, transitions: rebuilt }, 'replay buffer lost its transitions (Redis restarted?); rebuilt from the store');
    }
    this.held = size < this.held ? await replay.size() : size;
  }

  close(): Promise<void> {
    return this.buffer.close();
  }
}
