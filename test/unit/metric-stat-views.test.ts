import { describe, expect, it } from 'vitest';
import { extensionVersionNum, statViewQueries, type StatSources } from '../../services/collector/metrics/stat-view-queries';

function view(sources: StatSources, prefix: string) {
  return statViewQueries(sources).filter((q) => q.metrics[0]!.name.startsWith(`${prefix}.`));
}

function names(sources: StatSources, prefix: string): string[] {
  return view(sources, prefix).flatMap((q) => q.metrics.map((m) => m.name.slice(prefix.length + 1)));
}

const PG = (serverVersionNum: number, statements: StatSources['statements'] = null): StatSources => ({ serverVersionNum, statements });

describe('statViewQueries', () => {
  it('reads the PG 15 views: checkpoints from pg_stat_bgwriter, no pg_stat_io', () => {
    expect(statViewQueries(PG(150020)).map((q) => q.relation)).toEqual([
      'pg_stat_database', 'pg_stat_bgwriter', 'pg_stat_bgwriter', 'pg_stat_wal',
    ]);
    expect(names(PG(150020), 'bgwriter')).toEqual(['buffers_clean', 'maxwritten_clean', 'buffers_alloc', 'buffers_backend', 'buffers_backend_fsync']);
    expect(names(PG(150020), 'checkpointer')).toEqual(['num_timed', 'num_requested', 'write_time', 'sync_time', 'buffers_written']);
    expect(view(PG(150020), 'checkpointer')[0]!.sql).toBe(
      'SELECT coalesce(sum(checkpoints_timed), 0)::float8 AS m0, coalesce(sum(checkpoints_req), 0)::float8 AS m1, ' +
        'coalesce(sum(checkpoint_write_time), 0)::float8 AS m2, coalesce(sum(checkpoint_sync_time), 0)::float8 AS m3, ' +
        'coalesce(sum(buffers_checkpoint), 0)::float8 AS m4 FROM pg_stat_bgwriter',
    );
    expect(names(PG(150020), 'wal')).toEqual([
      'wal_records', 'wal_fpi', 'wal_bytes', 'wal_buffers_full', 'wal_write', 'wal_sync', 'wal_write_time', 'wal_sync_time',
    ]);
    expect(names(PG(150020), 'database')).toContain('sessions');
  });

  it('adds pg_stat_io on PG 16, with client backend writes', () => {
    expect(statViewQueries(PG(160004)).map((q) => q.relation)).toEqual([
      'pg_stat_database', 'pg_stat_bgwriter', 'pg_stat_bgwriter', 'pg_stat_wal', 'pg_stat_io',
    ]);
    const [io] = view(PG(160004), 'io');
    expect(io!.sql).toMatch(/coalesce\(sum\(writes\) FILTER \(WHERE backend_type = 'client backend'\), 0\)::float8 AS m8/);
    expect(io!.sql).toMatch(/ FROM pg_stat_io WHERE object = 'relation'$/);
    expect(names(PG(160004), 'bgwriter')).toContain('buffers_backend');
  });

  it('reads checkpoints from pg_stat_checkpointer on PG 17, under the same metric names', () => {
    expect(statViewQueries(PG(170002)).map((q) => q.relation)).toEqual([
      'pg_stat_database', 'pg_stat_bgwriter', 'pg_stat_checkpointer', 'pg_stat_wal', 'pg_stat_io',
    ]);
    expect(names(PG(170002), 'bgwriter')).toEqual(['buffers_clean', 'maxwritten_clean', 'buffers_alloc']);
    const checkpointer = names(PG(170002), 'checkpointer');
    expect(checkpointer).toEqual(expect.arrayContaining(names(PG(150020), 'checkpointer')));
    expect(checkpointer).toContain('restartpoints_done');
    expect(view(PG(170002), 'checkpointer')[0]!.sql).toMatch(/sum\(num_timed\).* FROM pg_stat_checkpointer$/);
  });

  it('follows PG 18 moving WAL write counts out of pg_stat_wal', () => {
    expect(names(PG(180000), 'wal')).toEqual(['wal_records', 'wal_fpi', 'wal_bytes', 'wal_buffers_full']);
    expect(names(PG(180000), 'checkpointer')).toContain('num_done');
  });

  it('marks numbackends as the only gauge', () => {
    const gauges = statViewQueries(PG(170002)).flatMap((q) => q.metrics).filter((m) => !m.counter);
    expect(gauges.map((m) => m.name)).toEqual(['database.numbackends']);
  });

  it('reads pg_stat_statements only when installed, with the columns of its version', () => {
    expect(view(PG(150020), 'statements')).toEqual([]);
    const pg15 = view(PG(150020, { schema: 'public', versionNum: extensionVersionNum('1.10') }), 'statements')[0]!;
    expect(pg15.sql).toMatch(/sum\(blk_read_time\), 0\)::float8 AS m\d+,/);
    expect(pg15.sql).toMatch(/ FROM "public"\.pg_stat_statements$/);
    const pg17 = view(PG(170002, { schema: 'my "ext"', versionNum: extensionVersionNum('1.11') }), 'statements')[0]!;
    expect(pg17.sql).toMatch(/sum\(shared_blk_read_time\)/);
    expect(pg17.sql).not.toMatch(/sum\(blk_read_time\)/);
    expect(pg17.sql).toMatch(/ FROM "my ""ext"""\.pg_stat_statements$/);
    const metricNames = (q: typeof pg15) => q.metrics.map((m) => m.name).sort();
    expect(metricNames(pg17)).toEqual(metricNames(pg15));
    expect(metricNames(pg15)).toEqual(expect.arrayContaining([
      'statements.calls', 'statements.total_exec_time', 'statements.rows', 'statements.shared_blks_hit',
      'statements.shared_blks_read', 'statements.temp_blks_written', 'statements.shared_blk_read_time',
    ]));
    const pg12 = view(PG(120000, { schema: 'public', versionNum: extensionVersionNum('1.7') }), 'statements')[0]!;
    expect(pg12.sql).toMatch(/sum\(total_time\)/);
  });

  it('parses extension versions so that 1.10 comes after 1.9', () => {
    expect(extensionVersionNum('1.10')).toBeGreaterThan(extensionVersionNum('1.9'));
    expect(() => extensionVersionNum('dev')).toThrow(/unexpected extension version/);
  });
});
