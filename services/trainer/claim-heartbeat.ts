import { FailedPreconditionError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { StoreUnavailableError } from '../../lib/store/store-unavailable-error';

/**
 * A worker's claim on the session it runs: the heartbeat that keeps it (lib/session/session-claim.ts
 * says how often, and when a silent one is taken over), and the look at whether it still holds.
 */
export class ClaimHeartbeat {
  constructor(
    private readonly store: MetadataStore,
    private readonly sessionId: string,
    private readonly workerId: string,
    /** Aborted with 'cancelled' (the session was cancelled) or 'lost' (the claim is gone): the run stops at the next boundary. */
    private readonly stop: AbortController,
  ) {}

  /** A heartbeat; a cancelled session or a lost claim stops the loop at the next boundary. */
  async beat(): Promise<void> {
    try {
      const status = await this.store.sessions.heartbeat(this.sessionId, this.workerId);
      if (status === 'cancelled') this.stop.abort('cancelled');
    } catch (err) {
      // A store that is briefly away (restarting) costs a heartbeat, not the session: the next
      // write fails if it is still away, and the claim goes stale only after several misses.
      if (err instanceof StoreUnavailableError) {
        logger.warn({ session: this.sessionId, err: errorMessage(err) }, 'heartbeat missed: metadata store unreachable');
        return;
      }
      logger.warn({ session: this.sessionId, err: errorMessage(err) }, 'heartbeat failed; stopping');
      this.stop.abort('lost');
    }
  }

  /** Whether this worker still holds the session, by a heartbeat: 'lost' only when the store says another one does. */
  async check(): Promise<'held' | 'lost' | 'unreachable'> {
    try {
      await this.store.sessions.heartbeat(this.sessionId, this.workerId);
      return 'held';
    } catch (err) {
      if (err instanceof FailedPreconditionError) return 'lost';
      return err instanceof StoreUnavailableError ? 'unreachable' : 'held';
    }
  }
}
