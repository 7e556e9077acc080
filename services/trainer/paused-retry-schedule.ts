import { cappedBackoffMs } from '../../lib/core/capped-backoff';
import { SESSION_CLAIM } from '../../lib/session/session-claim';

export interface PausedRetryOptions {
  /** @defaultValue SESSION_CLAIM.pausedRetryMs (2 s) */
  firstMs?: number;
  /** @defaultValue SESSION_CLAIM.pausedRetryMaxMs (60 s) */
  maxMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

/**
 * The wait before the next check of a paused session's collector, after `failedChecks` checks
 * that found it still down: firstMs, doubling each time, never more than maxMs (2, 4, 8, 16,
 * 32, 60, 60 ... s by default).
 */
export function pausedRetryDelayMs(
  failedChecks: number,
  firstMs: number = SESSION_CLAIM.pausedRetryMs,
  maxMs: number = SESSION_CLAIM.pausedRetryMaxMs,
): number {
  return cappedBackoffMs(failedChecks, firstMs, maxMs);
}

interface Entry {
  failedChecks: number;
  dueAt: number;
  /** Whether "still down" was said for this pause. */
  told: boolean;
}

/**
 * When a trainer next asks each paused session's collector whether it is back: a capped
 * exponential backoff per session (pausedRetryDelayMs). A session first seen is due firstMs
 * later; each failed check pushes it out further; a collector that answers, or a session no
 * longer paused, is forgotten, so a later pause starts again at firstMs.
 */
export class PausedRetrySchedule {
  private readonly sessions = new Map<string, Entry>();
  private readonly firstMs: number;
  private readonly maxMs: number;
  private readonly now: () => number;

  constructor(options: PausedRetryOptions = {}) {
    this.firstMs = options.firstMs ?? SESSION_CLAIM.pausedRetryMs;
    this.maxMs = options.maxMs ?? SESSION_CLAIM.pausedRetryMaxMs;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until the session's collector is to be asked (0: now); a session not seen before starts its first wait here. */
  waitMs(sessionId: string): number {
    return Math.max(0, this.entry(sessionId).dueAt - this.now());
  }

  /** Whether the session's collector is to be asked now. */
  due(sessionId: string): boolean {
    return this.waitMs(sessionId) === 0;
  }

  /** A check found the collector still down (or could not be made): the next waits twice as long, up to maxMs. */
  failed(sessionId: string): void {
    const entry = this.entry(sessionId);
    entry.failedChecks += 1;
    entry.dueAt = this.now() + pausedRetryDelayMs(entry.failedChecks, this.firstMs, this.maxMs);
  }

  /** True once per pause: the moment to say that its collector is still down, and not at every check. */
  tellOnce(sessionId: string): boolean {
    const entry = this.entry(sessionId);
    if (entry.told) return false;
    entry.told = true;
    return true;
  }

  /** Its collector answered, or the session is no longer paused. */
  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** Forgets every session not in `paused` (resumed or ended elsewhere). */
  keepOnly(paused: ReadonlySet<string>): void {
    for (const id of [...this.sessions.keys()]) if (!paused.has(id)) this.sessions.delete(id);
  }

  private entry(sessionId: string): Entry {
    let entry = this.sessions.get(sessionId);
    if (!entry) {
      entry = { failedChecks: 0, dueAt: this.now() + this.firstMs, told: false };
      this.sessions.set(sessionId, entry);
    }
    return entry;
  }
}
