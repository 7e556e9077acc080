import { describe, expect, it } from 'vitest';
import { QueryMixReadings, type StatementCounters } from '../../lib/metrics/query-mix-readings';
import { QUERY_MIX_RULES } from '../../lib/session/session-limits';

const counters = (calls: Record<string, number>): StatementCounters => new Map(Object.entries(calls).map(([id, n]) => [id, { calls: n, execMs: n / 10 }]));

describe('QueryMixReadings: the calls between two pg_stat_statements readings', () => {
  it('counts each statement\'s calls since the earlier reading, the top by those calls, not by its lifetime', () => {
    const readings = new QueryMixReadings();
    const first = readings.read(counters({ '1': 1_000_000, '2': 10 }), { since: '', include: [] });
    expect(first).toMatchObject({ available: true, interval: false, statements: [], totalCalls: 0 });
    const second = readings.read(counters({ '1': 1_000_100, '2': 510, '3': 50 }), { since: first.readingId, include: [] });
    expect(second.interval).toBe(true);
    expect(second.statements.map((s) => [s.queryid, s.calls])).toEqual([['2', 500], ['1', 100], ['3', 50]]);
    expect(second.statements[0]!.totalExecTimeMs).toBeCloseTo(50, 9);
    expect(second.totalCalls).toBe(650);
  });

  it('pools all but the top statements as other, and lists an included one outside the top (0 calls when it did not run)', () => {
    const readings = new QueryMixReadings();
    const many = Object.fromEntries(Array.from({ length: QUERY_MIX_RULES.topStatements + 5 }, (_, i) => [String(i + 1), 100 + i]));
    const start = readings.read(counters({}), { since: '', include: [] });
    const mix = readings.read(counters(many), { since: start.readingId, include: ['1', '777'] });
    expect(mix.statements).toHaveLength(QUERY_MIX_RULES.topStatements + 2);
    expect(mix.statements.slice(-2).map((s) => [s.queryid, s.calls])).toEqual([['1', 100], ['777', 0]]);
    const listed = mix.statements.reduce((t, s) => t + s.calls, 0);
    expect(listed + mix.otherCalls).toBe(mix.totalCalls);
    expect(mix.otherCalls).toBe(101 + 102 + 103 + 104);
  });

  it('takes a counter below its earlier value as reset (counted from 0), and an unknown or evicted reading as no interval', () => {
    const readings = new QueryMixReadings(2);
    const a = readings.read(counters({ '1': 500 }), { since: '', include: [] });
    const b = readings.read(counters({ '1': 20 }), { since: a.readingId, include: [] });
    expect(b.statements).toEqual([{ queryid: '1', calls: 20, totalExecTimeMs: 2 }]);
    readings.read(counters({ '1': 30 }), { since: '', include: [] });
    // Only the newest 2 are held: a is gone.
    expect(readings.read(counters({ '1': 40 }), { since: a.readingId, include: [] }).interval).toBe(false);
    expect(readings.read(counters({ '1': 40 }), { since: 'not-a-reading', include: [] }).interval).toBe(false);
  });

  it('refuses an include that is not a queryid, or too many of them, naming the field', () => {
    const readings = new QueryMixReadings();
    expect(() => readings.read(counters({}), { since: '', include: ['1', "1'; DROP TABLE x"] })).toThrow(/^include\[1\]: must be a pg_stat_statements queryid/);
    const tooMany = Array.from({ length: QUERY_MIX_RULES.topStatements + 1 }, (_, i) => String(i));
    expect(() => readings.read(counters({}), { since: '', include: tooMany })).toThrow(/^include: at most 20 queryids/);
  });
});
