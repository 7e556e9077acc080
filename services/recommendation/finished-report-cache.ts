import { deepFreeze } from '../../lib/core/deep-freeze';

/** How long a kept answer is served before its version is read again. */
export const FINISHED_RECHECK_MS = 5_000;
/** Sessions kept; a report is tens of kB, so this is tens of MB at most. */
export const FINISHED_CACHE_ENTRIES = 1000;

/**
 * The version of what a session's answer is built from, read cheaply (primary-key reads);
 * undefined when the session's answer is not to be kept (not finished, or waiting for a
 * decision). Two reads give the same string exactly when the answer would be the same.
 */
export type VersionOf = (sessionId: string) => Promise<string | undefined>;

interface Entry<T> {
  value: T;
  /** What the value was built from (see VersionOf). */
  version: string;
  /** performance-clock time of the last read that found that version still current. */
  checkedAt: number;
  /** The version read under way, which every call meanwhile waits for instead of reading its own. */
  recheck?: Promise<boolean>;
}

export interface FinishedCacheOptions {
  /** @defaultValue FINISHED_CACHE_ENTRIES */
  maxEntries?: number;
  /** @defaultValue FINISHED_RECHECK_MS */
  recheckMs?: number;
  /** The clock the recheck interval is measured on (tests step it). @defaultValue performance.now */
  now?: () => number;
}

/** An answer and the version of the rows it was built from (undefined: not to be kept). */
export interface Built<T> {
  value: T;
  version: string | undefined;
}

/**
 * What the API built for finished sessions, keyed by session id, each with the version it
 * was built from. A finished session's rows do not change, except its recommendation (a
 * decision on it: approved, rejected, put back to pending; or a replaced one) and a removal
 * with its instance; the service drops an answer it changes itself at once (`delete`), and
 * the version is read again (through `versionOf`) at most every FINISHED_RECHECK_MS per
 * session, so a change made by another process (or a removed session) is served for at most
 * that long, and a dashboard polling hundreds of times a second costs the store one read per
 * interval, none per call.
 *
 * One read or build per session at a time: calls that arrive while the version is read, or
 * while the answer is built, wait for that one. (Each used to start its own: at 500 calls/s a
 * rebuild of 50 ms became 25 concurrent rebuilds, every 5 s.) The values are frozen
 * (deepFreeze): the same object is served every time, and the gRPC server encodes a frozen
 * response once (lib/grpc/frozen-response-bytes.ts). Bounded: the least recently used entry
 * goes first.
 */
export class FinishedReportCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly building = new Map<string, Promise<T>>();

  constructor(
    private readonly versionOf: VersionOf,
    private readonly options: FinishedCacheOptions = {},
  ) {}

  /**
   * The kept answer while its version is current, else the one `build` makes (kept when it
   * has a version). A build under way for the session is waited for, not repeated.
   */
  async getOrBuild(sessionId: string, build: () => Promise<Built<T>>): Promise<T> {
    const kept = await this.get(sessionId);
    if (kept !== undefined) return kept;
    const underWay = this.building.get(sessionId);
    if (underWay) return underWay;
    const flight: Promise<T> = build()
      // A build that `delete` disowned meanwhile may hold what was just changed: served to its callers, never kept.
      .then(({ value, version }) => (this.building.get(sessionId) === flight ? this.keep(sessionId, value, version) : value))
      .finally(() => {
        if (this.building.get(sessionId) === flight) this.building.delete(sessionId);
      });
    this.building.set(sessionId, flight);
    return flight;
  }

  /** The kept answer while its version is current; undefined when there is none. */
  private async get(sessionId: string): Promise<T | undefined> {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    if (this.now() - entry.checkedAt >= (this.options.recheckMs ?? FINISHED_RECHECK_MS)) {
      entry.recheck ??= this.recheck(sessionId, entry);
      if (!(await entry.recheck)) return undefined;
    }
    return entry.value;
  }

  /** Keeps an answer built from `version` (nothing when undefined); returns it, frozen when kept. */
  private keep(sessionId: string, value: T, version: string | undefined): T {
    this.entries.delete(sessionId);
    if (version === undefined) return value;
    this.entries.set(sessionId, { value: deepFreeze(value), version, checkedAt: this.now() });
    if (this.entries.size > (this.options.maxEntries ?? FINISHED_CACHE_ENTRIES)) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Drops a session's answer and disowns a build under way (something it shows changed, such as a recommendation's approval). */
  delete(sessionId: string): void {
    this.entries.delete(sessionId);
    this.building.delete(sessionId);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether the entry's version is still current; an entry that is not (or whose read failed) is dropped. */
  private async recheck(sessionId: string, entry: Entry<T>): Promise<boolean> {
    const drop = () => {
      if (this.entries.get(sessionId) === entry) this.entries.delete(sessionId);
    };
    try {
      const current = (await this.versionOf(sessionId)) === entry.version;
      if (current) entry.checkedAt = this.now();
      else drop();
      return current;
    } catch (err) {
      drop();
      throw err;
    } finally {
      entry.recheck = undefined;
    }
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }
}
