import { abortableSleep } from '../../lib/core/abortable-sleep';
import { errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { CONFIGURATION_CHANGE_HOLD } from '../../lib/grpc/service-defaults';
import { ChangeInProgressError } from '../../lib/store/change-in-progress-error';
import type { MetadataStore } from '../../lib/store/metadata-store';

export interface WatchHoldOptions {
  store: MetadataStore;
  instanceId: string;
  /** The watching session: begin() lets a change begin beside it, and it is the watch's own. */
  sessionId: string;
  /** A stop: ends the wait for a change in progress, by throwing. */
  signal: AbortSignal;
}

/**
 * The change hold a watch runs under (lib/store/instance-change-repository.ts), holder
 * "watch of session <id>". While a watch measures the configuration in force, an approval or a
 * rollback landing in the middle would be measured half-way, and the watch's close (KeepKnobs)
 * would keep whatever it found: so none may begin (FAILED_PRECONDITION naming the watch) from
 * before the watch opens its environment until after it is closed, or, on drift, until the
 * session is `running` (from then begin() refuses changes because of the session itself).
 * A change already in progress makes the watch wait, trying again every
 * CONFIGURATION_CHANGE_HOLD.watchRetryMs. The hold is renewed on a timer while held: a watch
 * lasts watch_runs x a run, which may outlast CONFIGURATION_CHANGE_HOLD.staleAfterMs.
 */
export class WatchHold {
  private readonly renewal: NodeJS.Timeout;

  private constructor(
    private readonly options: WatchHoldOptions,
    private readonly token: string,
  ) {
    this.renewal = setInterval(() => void this.renew(), CONFIGURATION_CHANGE_HOLD.renewEveryMs);
    this.renewal.unref();
  }

  /** Holds the instance for a watch, waiting while a change is in progress (logged once per wait). */
  static async begin(options: WatchHoldOptions): Promise<WatchHold> {
    const { store, instanceId, sessionId, signal } = options;
    let waiting = false;
    for (;;) {
      signal.throwIfAborted();
      try {
        // A hold of this session's own watch is reclaimed: its trainer died in it (this one claims the session now).
        return new WatchHold(options, await store.changes.begin(instanceId, `watch of session ${sessionId}`, { reclaim: true }));
      } catch (err) {
        if (!(err instanceof ChangeInProgressError)) throw err;
        if (!waiting) {
          logger.info(
            { session: sessionId, change: err.change.holder, retryMs: CONFIGURATION_CHANGE_HOLD.watchRetryMs },
            'a configuration change is in progress on the instance; the watch waits for it',
          );
        }
        waiting = true;
        await abortableSleep(CONFIGURATION_CHANGE_HOLD.watchRetryMs, signal);
      }
    }
  }

  /** Lets changes begin again. A hold that lapsed and was replaced is left to its new holder. */
  async end(): Promise<void> {
    clearInterval(this.renewal);
    await this.options.store.changes.end(this.options.instanceId, this.token);
  }

  private async renew(): Promise<void> {
    try {
      if (!(await this.options.store.changes.renew(this.options.instanceId, this.token))) {
        logger.error({ session: this.options.sessionId }, "the watch's hold on the instance lapsed and another change took it: this watch may measure that change");
      }
    } catch (err) {
      // The store briefly away: the next renewal, well within the lapse, tries again.
      logger.warn({ session: this.options.sessionId, err: errorMessage(err) }, "could not renew the watch's hold on the instance");
    }
  }
}
