import { ReplayArgumentError } from './replay-argument-error';

export const DEFAULT_REPLAY_KEY_PREFIX = 'pg-autotune:replay';

/**
 * Every Redis key of one replay session, built here and nowhere else:
 *
 *   <prefix>:{<session>}:meta        hash: layout, head, count, maxPriority
 *   <prefix>:{<session>}:records     string: the ring of fixed-size float32 records
 *   <prefix>:{<session>}:priorities  string: the sum tree of float64 priorities (prioritized only)
 *
 * The braces are literal: they make the session a Redis Cluster hash tag, so the keys of a session share a
 * slot and the Lua scripts that touch all three stay legal on a cluster.
 */
export class ReplayKeys {
  readonly meta: string;
  readonly records: string;
  readonly priorities: string;

  constructor(
    readonly session: string,
    readonly prefix: string = DEFAULT_REPLAY_KEY_PREFIX,
  ) {
    // A brace in either part would move the hash tag; a glob character would make the
    // session's keys hard to find with SCAN MATCH when debugging.
    assertKeyPart('session', session);
    assertKeyPart('keyPrefix', prefix);
    const base = `${prefix}:{${session}}`;
    this.meta = `${base}:meta`;
    this.records = `${base}:records`;
    this.priorities = `${base}:priorities`;
  }

  /** In the order the Lua scripts take them as KEYS. */
  all(): string[] {
    return [this.meta, this.records, this.priorities];
  }
}

function assertKeyPart(field: string, value: string): void {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._:-]+$/.test(value)) {
    throw new ReplayArgumentError(field, `must be a non-empty string of letters, digits and ._:- , got ${JSON.stringify(value)}`);
  }
}
