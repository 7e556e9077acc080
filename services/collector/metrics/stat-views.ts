/**
 * The statistics pg-autotune samples, as data: which view holds which column in which
 * version. Metric names are `<prefix>.<metric>` and stay the same across versions where the
 * meaning does (PG 17 moved the checkpoint counters from pg_stat_bgwriter to
 * pg_stat_checkpointer: both versions report checkpointer.num_timed), so a state vector
 * built on PG 15 means the same on PG 17.
 */

/** Bounds on the source's version: `since` inclusive, `until` exclusive. */
export interface VersionBounds {
  since?: number;
  until?: number;
}

export interface StatColumn extends VersionBounds {
  /** Name after the prefix: "num_timed" in checkpointer.num_timed. */
  metric: string;
  /** The source column, when it is named otherwise than the metric. */
  column?: string;
  /** Cumulative since the last stats reset (take deltas), or a gauge (numbackends). */
  counter: boolean;
  /** SQL condition: only matching rows are summed. */
  filter?: string;
}

export interface StatViewDef extends VersionBounds {
  prefix: string;
  /** The view; pg_stat_statements is qualified with its extension's schema at query time. */
  relation: string;
  /** Condition applied to every column. */
  where?: string;
  /**
   * Whose version the bounds compare with: the server's server_version_num, or the
   * pg_stat_statements extension's (major * 100 + minor: 1.11 -> 111), since its columns
   * follow the installed extension version, not the server.
   */
  versionOf: 'server' | 'pg_stat_statements';
  columns: StatColumn[];
}

function counters(...names: string[]): StatColumn[] {
  return names.map((metric) => ({ metric, counter: true }));
}

function renamed(metric: string, column: string, bounds: VersionBounds = {}): StatColumn {
  return { metric, column, counter: true, ...bounds };
}

export const STAT_VIEWS: readonly StatViewDef[] = [
  {
    // Summed over all databases: the knobs are server-wide and a workload may use any database.
    prefix: 'database',
    relation: 'pg_stat_database',
    versionOf: 'server',
    columns: [
      { metric: 'numbackends', counter: false },
      ...counters(
        'xact_commit', 'xact_rollback', 'blks_read', 'blks_hit',
        'tup_returned', 'tup_fetched', 'tup_inserted', 'tup_updated', 'tup_deleted',
        'conflicts', 'temp_files', 'temp_bytes', 'deadlocks', 'blk_read_time', 'blk_write_time',
      ),
      ...counters(
        'session_time', 'active_time', 'idle_in_transaction_time',
        'sessions', 'sessions_abandoned', 'sessions_fatal', 'sessions_killed',
      ).map((c) => ({ ...c, since: 140000 })),
    ],
  },
  {
    prefix: 'bgwriter',
    relation: 'pg_stat_bgwriter',
    versionOf: 'server',
    columns: [
      ...counters('buffers_clean', 'maxwritten_clean', 'buffers_alloc'),
      // Gone in PG 17; pg_stat_io's client backend writes (io.client_backend_*) replace them.
      ...counters('buffers_backend', 'buffers_backend_fsync').map((c) => ({ ...c, until: 170000 })),
    ],
  },
  {
    prefix: 'checkpointer',
    relation: 'pg_stat_bgwriter',
    versionOf: 'server',
    until: 170000,
    columns: [
      renamed('num_timed', 'checkpoints_timed'),
      renamed('num_requested', 'checkpoints_req'),
      renamed('write_time', 'checkpoint_write_time'),
      renamed('sync_time', 'checkpoint_sync_time'),
      renamed('buffers_written', 'buffers_checkpoint'),
    ],
  },
  {
    prefix: 'checkpointer',
    relation: 'pg_stat_checkpointer',
    versionOf: 'server',
    since: 170000,
    columns: [
      ...counters(
        'num_timed', 'num_requested', 'write_time', 'sync_time', 'buffers_written',
        'restartpoints_timed', 'restartpoints_req', 'restartpoints_done',
      ),
      ...counters('num_done').map((c) => ({ ...c, since: 180000 })),
    ],
  },
  {
    prefix: 'wal',
    relation: 'pg_stat_wal',
    versionOf: 'server',
    since: 140000,
    columns: [
      ...counters('wal_records', 'wal_fpi', 'wal_bytes', 'wal_buffers_full'),
      // PG 18 moved WAL write and sync counts to pg_stat_io.
      ...counters('wal_write', 'wal_sync', 'wal_write_time', 'wal_sync_time').map((c) => ({ ...c, until: 180000 })),
    ],
  },
  {
    // Shared-buffer I/O of every backend type. PG 18 adds WAL rows (object 'wal'): left out
    // so that io.* means the same in every version.
    prefix: 'io',
    relation: 'pg_stat_io',
    where: "object = 'relation'",
    versionOf: 'server',
    since: 160000,
    columns: [
      ...counters('reads', 'writes', 'writebacks', 'extends', 'hits', 'evictions', 'reuses', 'fsyncs'),
      { metric: 'client_backend_writes', column: 'writes', counter: true, filter: "backend_type = 'client backend'" },
      { metric: 'client_backend_fsyncs', column: 'fsyncs', counter: true, filter: "backend_type = 'client backend'" },
    ],
  },
  {
    // Totals over all statements; with the default pg_stat_statements.track = top only
    // top-level statements are counted, so nothing is counted twice.
    prefix: 'statements',
    relation: 'pg_stat_statements',
    versionOf: 'pg_stat_statements',
    columns: [
      ...counters(
        'calls', 'rows', 'shared_blks_hit', 'shared_blks_read', 'shared_blks_dirtied',
        'shared_blks_written', 'temp_blks_read', 'temp_blks_written',
      ),
      renamed('total_exec_time', 'total_time', { until: 108 }),
      renamed('total_exec_time', 'total_exec_time', { since: 108 }),
      ...counters('wal_bytes').map((c) => ({ ...c, since: 108 })),
      // 1.11 (PG 17) renamed blk_*_time to shared_blk_*_time.
      renamed('shared_blk_read_time', 'blk_read_time', { until: 111 }),
      renamed('shared_blk_write_time', 'blk_write_time', { until: 111 }),
      renamed('shared_blk_read_time', 'shared_blk_read_time', { since: 111 }),
      renamed('shared_blk_write_time', 'shared_blk_write_time', { since: 111 }),
    ],
  },
];
