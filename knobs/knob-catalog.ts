import { BOOL_SPELLINGS } from './bool-spellings';
import type { HostResources } from './host-resources';
import { isChoiceKnob, type KnobRange, type KnobSpec, type KnobUnit, type NumericKnobSpec, type NumericRange } from './knob-spec';
import { bytesToUnits } from './knob-units';

const MB = 1024 ** 2;
const GB = 1024 ** 3;

/** Share of the host's RAM, in whole base units. */
function ramShare(host: HostResources, share: number, unit: KnobUnit): number {
  return bytesToUnits(host.memoryBytes * share, unit);
}

/** A range whose floor never exceeds its ceiling, even on a host too small for the floor. */
function range(min: number, max: number): NumericRange {
  return { min: Math.min(min, max), max };
}

function fixed(min: number, max: number): () => NumericRange {
  return () => ({ min, max });
}

type NumericDefaults = Pick<NumericKnobSpec, 'restartRequired' | 'durabilityRisk' | 'specialValues'>;
const PLAIN: NumericDefaults = { restartRequired: false, durabilityRisk: 'none', specialValues: [] };

/**
 * Every knob pg-autotune may change, as data. Ranges are in pg_settings' base unit and are
 * prudent, not PostgreSQL's own limits (which the collector intersects them with, see
 * server-limits.ts). Sizes and times move on a log scale, the rest linearly.
 */
export const KNOB_CATALOG: readonly KnobSpec[] = [
  // --- default: the six knobs the original thesis tuned ---
  {
    ...PLAIN,
    name: 'work_mem',
    type: 'integer',
    unit: 'kB',
    scale: 'log',
    groups: ['default'],
    // Every connection may sort or hash with work_mem at once, so the ceiling keeps
    // work_mem * max_connections within 25% of RAM. That is already optimistic (a query can
    // run several such nodes, hashes take hash_mem_multiplier times more); the cross-knob
    // memory budget (memory-budget.ts) checks the sum with shared_buffers. Floor: PG's 64 kB.
    range: (host) => range(64, ramShare(host, 0.25 / Math.max(1, host.maxConnections), 'kB')),
  },
  {
    ...PLAIN,
    name: 'maintenance_work_mem',
    type: 'integer',
    unit: 'kB',
    scale: 'log',
    groups: ['default'],
    // Each autovacuum worker may take this much, so at most RAM/8; and at most 2 GB since
    // VACUUM before PG 17 cannot use more than 1 GB for dead tuples and only index builds
    // gain beyond that. Floor: PG's 1 MB.
    range: (host) => range(1024, Math.min(ramShare(host, 1 / 8, 'kB'), bytesToUnits(2 * GB, 'kB'))),
  },
  {
    ...PLAIN,
    name: 'checkpoint_completion_target',
    type: 'real',
    unit: 'none',
    scale: 'linear',
    groups: ['default'],
    // Below 0.5 checkpoints write in bursts (0.5 was the default before PG 14); above 0.95
    // leaves no slack to finish the sync phase before the next checkpoint is due.
    range: fixed(0.5, 0.95),
  },
  {
    ...PLAIN,
    name: 'effective_cache_size',
    type: 'integer',
    unit: '8kB',
    scale: 'log',
    groups: ['default'],
    // A planner hint that allocates nothing; past ~90% of RAM it claims a cache the OS
    // cannot have. Floor: the 128 MB below which every index scan looks uncached.
    range: (host) => range(bytesToUnits(128 * MB, '8kB'), ramShare(host, 0.9, '8kB')),
  },
  {
    ...PLAIN,
    name: 'wal_writer_delay',
    type: 'integer',
    unit: 'ms',
    scale: 'log',
    groups: ['default'],
    // Under 10 ms the WAL writer wakes so often it costs CPU for nothing; 10 s is PG's ceiling.
    range: fixed(10, 10_000),
  },
  {
    ...PLAIN,
    name: 'checkpoint_timeout',
    type: 'integer',
    unit: 's',
    scale: 'log',
    groups: ['default'],
    // Longer intervals mean longer crash recovery; past an hour max_wal_size triggers
    // checkpoints first on any busy server. Floor: PG's 30 s.
    range: fixed(30, 3_600),
  },

  // --- extended ---
  {
    ...PLAIN,
    name: 'shared_buffers',
    type: 'integer',
    unit: '8kB',
    scale: 'log',
    restartRequired: true,
    groups: ['extended'],
    // At most 40% of RAM (the usual advice; PGTune uses 25%): PostgreSQL relies on the OS
    // cache too, and shared memory is never swapped out gracefully. Floor: initdb's 128 MB.
    range: (host) => range(bytesToUnits(128 * MB, '8kB'), ramShare(host, 0.4, '8kB')),
  },
  {
    ...PLAIN,
    name: 'max_wal_size',
    type: 'integer',
    unit: 'MB',
    scale: 'log',
    groups: ['extended'],
    // The disk is not known here, and WAL can outgrow max_wal_size under load: 16 GB (PGTune's
    // largest) is the ceiling. Below 256 MB checkpoints come every few seconds on any write load.
    range: fixed(256, 16_384),
  },
  {
    ...PLAIN,
    name: 'wal_buffers',
    type: 'integer',
    unit: '8kB',
    scale: 'log',
    restartRequired: true,
    groups: ['extended'],
    // -1 lets PostgreSQL pick 1/32 of shared_buffers within 64 kB .. 16 MB; explicit values
    // up to 64 MB can help many concurrent commits, more only wastes shared memory.
    range: fixed(8, 8_192),
    specialValues: [-1],
  },
  {
    ...PLAIN,
    name: 'commit_delay',
    type: 'integer',
    // Microseconds, but pg_settings gives it no unit, so the server takes no "1ms" either.
    unit: 'none',
    scale: 'log', // a time across three orders of magnitude
    groups: ['extended'],
    // The delay is added to commits when commit_siblings others are active; past 10 ms it
    // costs latency on every commit for little extra grouping. 0 turns it off.
    range: fixed(10, 10_000),
    specialValues: [0],
  },
  {
    ...PLAIN,
    name: 'random_page_cost',
    type: 'real',
    unit: 'none',
    scale: 'linear',
    groups: ['extended'],
    // Relative to seq_page_cost (1): a random read is never cheaper than a sequential one,
    // and 8 is twice the spinning-disk default.
    range: fixed(1, 8),
  },
  {
    ...PLAIN,
    name: 'effective_io_concurrency',
    type: 'integer',
    unit: 'none',
    scale: 'log', // spans three orders of magnitude (2 for HDD .. 1000 for NVMe)
    groups: ['extended'],
    // PG's own range; 0 turns prefetching off.
    range: fixed(1, 1_000),
    specialValues: [0],
  },
  {
    ...PLAIN,
    name: 'bgwriter_lru_maxpages',
    type: 'integer',
    unit: 'none',
    scale: 'log', // a page count across orders of magnitude
    groups: ['extended'],
    // 1000 pages per round is 40 MB/s at the default bgwriter_delay, beyond any use; 0 turns
    // the background writer's cleaning off.
    range: fixed(10, 1_000),
    specialValues: [0],
  },
  {
    ...PLAIN,
    name: 'max_parallel_workers_per_gather',
    type: 'integer',
    unit: 'none',
    scale: 'linear',
    groups: ['extended'],
    // More workers than CPUs only queue.
    range: (host) => ({ min: 0, max: Math.max(0, Math.floor(host.cpus)) }),
  },
  {
    name: 'jit',
    type: 'bool',
    unit: 'none',
    scale: 'linear',
    restartRequired: false,
    durabilityRisk: 'none',
    groups: ['extended'],
    allowed: ['off', 'on'],
    values: ['off', 'on'],
    spellings: BOOL_SPELLINGS,
  },

  // --- durability: only with an explicit opt-in ---
  {
    name: 'synchronous_commit',
    type: 'enum',
    unit: 'none',
    scale: 'linear',
    restartRequired: false,
    // off may lose the last commits (up to 3 x wal_writer_delay) after a crash, never corrupts.
    durabilityRisk: 'may-lose-commits',
    groups: ['durability'],
    // remote_write / remote_apply / local only matter with synchronous standbys, which a
    // tuner must not weaken; a server may still have one of them as its original.
    allowed: ['off', 'on'],
    // PostgreSQL's synchronous_commit_options, hidden bool spellings included.
    values: ['local', 'remote_write', 'remote_apply', 'on', 'off'],
    spellings: BOOL_SPELLINGS,
  },
];

/** Knobs that are never tuned, with the reason given to whoever asks for them. */
export const NEVER_TUNABLE: ReadonlyMap<string, string> = new Map([
  ['fsync', 'fsync=off can corrupt the database after an OS crash or power loss; it is never tuned'],
  ['full_page_writes', 'full_page_writes=off can leave torn pages that crash recovery cannot repair; it is never tuned'],
]);

const BY_NAME = new Map(KNOB_CATALOG.map((spec) => [spec.name, spec]));

export function findKnobSpec(name: string): KnobSpec | undefined {
  return BY_NAME.get(name);
}

/** The prudent range of a knob on this host, before the live server's own limits. */
export function safeRange(spec: KnobSpec, host: HostResources): KnobRange {
  return isChoiceKnob(spec) ? { allowed: spec.allowed } : spec.range(host);
}
