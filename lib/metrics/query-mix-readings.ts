import { randomUUID } from 'node:crypto';
import type { GetQueryMixRequest__Output as GetQueryMixRequest } from '../../proto/generated/autotune/v1/GetQueryMixRequest';
import type { QueryMix__Output as QueryMix } from '../../proto/generated/autotune/v1/QueryMix';
import type { StatementCalls__Output as StatementCalls } from '../../proto/generated/autotune/v1/StatementCalls';
import { InvalidArgumentError } from '../core/errors';
import { QUERY_MIX_RULES } from '../session/session-limits';

/** pg_stat_statements' cumulative counters at one moment, by queryid (decimal text). */
export type StatementCounters = ReadonlyMap<string, { calls: number; execMs: number }>;

/** A pg_stat_statements queryid: a signed 64-bit integer in decimal. */
const QUERYID = /^-?\d{1,20}$/;
/** reading_id values are UUIDs; anything much longer is not one of ours. */
const MAX_SINCE_LENGTH = 64;

/**
 * The readings behind GetQueryMix: each reading keeps every statement's counters under a new
 * id, and a later reading `since` that id reports the calls in between. The top statements
 * of an interval are those called most in it, not over the server's life (cumulative counts
 * are dominated by history, and by every benchmark ever run), so the whole earlier reading is
 * needed, and it lives here: the server is only read, never written (no snapshot table).
 *
 * A counter below its earlier value was reset (pg_stat_statements_reset) or its entry was
 * evicted and came back (pg_stat_statements.max): its current value is what it counted since.
 * Only the newest QUERY_MIX_RULES.readingsKept readings are held; an older or unknown `since`
 * (the collector restarted) gives no interval, not an error.
 */
export class QueryMixReadings {
  private readonly kept = new Map<string, StatementCounters>();

  constructor(private readonly keep: number = QUERY_MIX_RULES.readingsKept) {}

  read(counters: StatementCounters, request: Pick<GetQueryMixRequest, 'since' | 'include'>): QueryMix {
    const include = checkQueryMixRequest(request);
    const readingId = randomUUID();
    const since = request.since ? this.kept.get(request.since) : undefined;
    this.kept.set(readingId, counters);
    while (this.kept.size > this.keep) this.kept.delete(this.kept.keys().next().value!);
    if (!since) return { available: true, reason: '', readingId, interval: false, statements: [], otherCalls: 0, otherExecTimeMs: 0, totalCalls: 0 };
    return { available: true, reason: '', readingId, interval: true, ...mixBetween(since, counters, include) };
  }
}

/** The calls of each statement between two readings: the top by calls, the included ones outside it, the rest pooled. */
function mixBetween(before: StatementCounters, after: StatementCounters, include: readonly string[]): Pick<QueryMix, 'statements' | 'otherCalls' | 'otherExecTimeMs' | 'totalCalls'> {
  const ran: StatementCalls[] = [];
  for (const [queryid, now] of after) {
    const then = before.get(queryid);
    const reset = !then || now.calls < then.calls;
    const calls = reset ? now.calls : now.calls - then.calls;
    if (calls === 0) continue;
    ran.push({ queryid, calls, totalExecTimeMs: Math.max(0, reset ? now.execMs : now.execMs - then.execMs) });
  }
  ran.sort((a, b) => b.calls - a.calls || a.queryid.localeCompare(b.queryid));
  const top = ran.slice(0, QUERY_MIX_RULES.topStatements);
  const named = new Set(top.map((s) => s.queryid));
  const extra = include.filter((id) => !named.has(id)).map((id) => ran.find((s) => s.queryid === id) ?? { queryid: id, calls: 0, totalExecTimeMs: 0 });
  const listed = new Set([...named, ...extra.map((s) => s.queryid)]);
  const others = ran.filter((s) => !listed.has(s.queryid));
  const sum = (xs: StatementCalls[], f: (s: StatementCalls) => number) => xs.reduce((t, s) => t + f(s), 0);
  return {
    statements: [...top, ...extra],
    otherCalls: sum(others, (s) => s.calls),
    otherExecTimeMs: sum(others, (s) => s.totalExecTimeMs),
    totalCalls: sum(ran, (s) => s.calls),
  };
}

/**
 * A GetQueryMix request's own checks, before anything is read: `since` the shape of a
 * reading_id, `include` at most QUERY_MIX_RULES.topStatements queryids. Returns the included ids, once each.
 * @throws InvalidArgumentError naming the field
 */
export function checkQueryMixRequest({ since, include }: Pick<GetQueryMixRequest, 'since' | 'include'>): string[] {
  if (since.length > MAX_SINCE_LENGTH) {
    throw new InvalidArgumentError('since', `must be the reading_id of an earlier reading (at most ${MAX_SINCE_LENGTH} characters), got ${since.length} characters`);
  }
  if (include.length > QUERY_MIX_RULES.topStatements) {
    throw new InvalidArgumentError('include', `at most ${QUERY_MIX_RULES.topStatements} queryids (a reference mix's statements), got ${include.length}`);
  }
  include.forEach((id, i) => {
    if (!QUERYID.test(id)) throw new InvalidArgumentError(`include[${i}]`, `must be a pg_stat_statements queryid (a 64-bit integer in decimal), got "${id.slice(0, 40)}"`);
  });
  return [...new Set(include)];
}
