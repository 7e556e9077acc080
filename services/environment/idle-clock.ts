/**
 * When each open environment was last used, so that the service can expire the ones nobody
 * uses any more (a trainer that died without Close): without it every Open would hold its
 * collector connection and state for the life of the process. An environment is idle only
 * between calls: one whose Step is running a long benchmark is in use however long it takes.
 */
export class IdleClock {
  private readonly entries = new Map<string, { lastUsedMs: number; inFlight: number }>();

  constructor(
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(id: string): void {
    this.entries.set(id, { lastUsedMs: this.now(), inFlight: 0 });
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  /** Runs `fn` as a use of `id`: not idle while it runs, and idle again from when it ends. */
  async during<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(id);
    if (entry) entry.inFlight += 1;
    try {
      return await fn();
    } finally {
      if (entry) {
        entry.inFlight -= 1;
        entry.lastUsedMs = this.now();
      }
    }
  }

  /** The ids unused for at least the idle time, with no call running. */
  idle(): string[] {
    const now = this.now();
    return [...this.entries].filter(([, e]) => e.inFlight === 0 && now - e.lastUsedMs >= this.idleMs).map(([id]) => id);
  }
}
