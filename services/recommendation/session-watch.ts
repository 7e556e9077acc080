import type { ProgressEvent } from '../../proto/generated/autotune/v1/ProgressEvent';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { FINAL_STATUSES } from '../../lib/store/session-repository';
import { ProgressTracker } from './progress-tracker';

export interface SessionWatchOptions {
  /** Receives the events in order. */
  emit: (event: ProgressEvent) => void;
  /** Ends the watch quietly (the client went away); no timer survives it. */
  signal: AbortSignal;
  /** @defaultValue 500 */
  pollMs?: number;
}

/**
 * Follows a session through the store until it reaches a final status: one event for its
 * status at the start, one per stored run (all of them, so a late watcher catches up), one per
 * status change, the last for the final status. Polls: the trainer may run in another process,
 * and the store is the one place both see.
 *
 * Each poll reads the session before its rows: the trainer stores every run before it sets a
 * final status, so the rows read after a final status are all of them. A status that lasts
 * less than one poll may be skipped (verifying -> finished within `pollMs`); the final status
 * and every stored run never are.
 * @throws NotFoundError for an unknown session (before any event), UnavailableError when the store goes away.
 */
export async function watchSession(store: MetadataStore, sessionId: string, options: SessionWatchOptions): Promise<void> {
  const { emit, signal, pollMs = 500 } = options;
  let session = await store.sessions.get(sessionId);
  const tracker = new ProgressTracker(session);
  const seen = new Set<number>();
  for (;;) {
    const rows = await store.iterations.list(session.id);
    if (signal.aborted) return;
    if (tracker.status === undefined) emit(tracker.statusEvent(session));
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      emit(tracker.rowEvent(row));
    }
    if (session.status !== tracker.status) emit(tracker.statusEvent(session));
    if (FINAL_STATUSES.includes(session.status)) return;
    await pause(pollMs, signal);
    if (signal.aborted) return;
    session = await store.sessions.get(session.id);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts; clears its timer either way. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
