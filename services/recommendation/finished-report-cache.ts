/**
 * What the API built for finished sessions, keyed by session id. A finished session never
 * changes (final statuses are never left, and nothing writes its rows afterwards), so an
 * entry never goes stale; callers put only finished sessions here and check the status (a
 * primary-key read) before serving, so a session deleted with its instance is not served.
 * Bounded: the least recently used entry goes first.
 */
export class FinishedReportCache<T> {
  private readonly entries = new Map<string, T>();

  /** @param maxEntries how many sessions to keep; a report is tens of kB, so 1000 is tens of MB at most. */
  constructor(private readonly maxEntries = 1000) {}

  get(sessionId: string): T | undefined {
    const value = this.entries.get(sessionId);
    if (value !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.entries.delete(sessionId);
      this.entries.set(sessionId, value);
    }
    return value;
  }

  set(sessionId: string, value: T): void {
    this.entries.delete(sessionId);
    this.entries.set(sessionId, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
