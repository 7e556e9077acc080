/** How long a kept answer is served before the session's status is read again. */
export const FINISHED_RECHECK_MS = 5_000;
/** Sessions kept; a report is tens of kB, so this is tens of MB at most. */
export const FINISHED_CACHE_ENTRIES = 1000;

interface Entry<T> {
  value: T;
  /** performance-clock time of the last status read that said finished. */
  checkedAt: number;
}

/**
 * What the API built for finished sessions, keyed by session id. A finished session never
 * changes (final statuses are never left, and nothing writes its rows afterwards), so an
 * entry never goes stale; only a session removed with its instance must stop being served.
 * `get` therefore re-reads the status (a primary-key read, through `isFinished`) at most
 * every FINISHED_RECHECK_MS per session: a removed session is served for at most that long,
 * and a dashboard polling hundreds of times a second costs the store one read per interval.
 * Bounded: the least recently used entry goes first.
 */
export class FinishedReportCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly isFinished: (sessionId: string) => Promise<boolean>,
    private readonly options: { maxEntries?: number; recheckMs?: number; now?: () => number } = {},
  ) {}

  /** The kept answer while the session is finished; undefined when there is none (build it). */
  async get(sessionId: string): Promise<T | undefined> {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(sessionId);
    const now = this.now();
    if (now - entry.checkedAt >= (this.options.recheckMs ?? FINISHED_RECHECK_MS)) {
      if (!(await this.isFinished(sessionId))) return undefined;
      entry.checkedAt = now;
    }
    this.entries.set(sessionId, entry);
    return entry.value;
  }

  /** Keeps the answer of a session that was finished when it was built. */
  set(sessionId: string, value: T): void {
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { value, checkedAt: this.now() });
    if (this.entries.size > (this.options.maxEntries ?? FINISHED_CACHE_ENTRIES)) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops a session's answer (something it shows changed, such as a recommendation's approval). */
  delete(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  get size(): number {
    return this.entries.size;
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }
}
