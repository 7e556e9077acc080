import { InvalidArgumentError } from '../lib/core/errors';
import type { KnobSetting__Output as KnobSetting } from '../proto/generated/autotune/v1/KnobSetting';
import type { HostResources } from './host-resources';
import { findKnobSpec, KNOB_CATALOG } from './knob-catalog';
import { isChoiceKnob, type NumericKnobSpec } from './knob-spec';
import { unitsToBytes } from './knob-units';
import { fitMemoryBudget, memoryTerms, type MemoryBudgetSetting } from './memory-budget';

/**
 * PGTune's rules (https://pgtune.leopard.in.ua, github.com/le0pard/pgtune,
 * src/features/configuration/configurationSlice.js at 7d204bd, read and restated here in our
 * own terms): a configuration from the host's RAM, CPUs, max_connections, the storage and the
 * kind of workload. Only the knobs of our catalog are computed; PGTune's others
 * (default_statistics_target, min_wal_size, max_worker_processes, max_parallel_workers,
 * max_parallel_maintenance_workers, huge_pages, wal_level) are not tunable here. Linux is
 * assumed (PGTune's Windows limits are left out: the collector runs next to a Linux server).
 */

/** PGTune's workload types: web application, OLTP, data warehouse, mixed, desktop. */
export const RULES_WORKLOADS = ['web', 'oltp', 'dw', 'mixed', 'desktop'] as const;
export type RulesWorkload = (typeof RULES_WORKLOADS)[number];

/** PGTune's storage types: the disks' random-read cost and how many reads they serve at once. */
export const RULES_STORAGES = ['ssd', 'hdd', 'san'] as const;
export type RulesStorage = (typeof RULES_STORAGES)[number];

/** PGTune supports PostgreSQL 10 and later; its version rules for older servers are gone. */
const OLDEST_SERVER_VERSION_NUM = 100_000;

export interface PgtuneInputs extends HostResources {
  /** server_version_num, e.g. 150004. */
  serverVersionNum: number;
  storage: RulesStorage;
  workload: RulesWorkload;
}

const KB_PER_MB = 1024;
const KB_PER_GB = 1024 * 1024;

/** PostgreSQL's max_worker_processes default, which PGTune counts when it sets no parallelism. */
const DEFAULT_WORKER_PROCESSES = 8;

const MAX_WAL_SIZE_MB: Readonly<Record<RulesWorkload, number>> = { web: 4096, oltp: 8192, dw: 16_384, desktop: 2048, mixed: 4096 };
/** work_mem's share of the per-connection memory: analytic workloads run several sorts per query. */
const WORK_MEM_DIVISOR: Readonly<Record<RulesWorkload, number>> = { web: 1, oltp: 1, dw: 2, desktop: 6, mixed: 2 };
const RANDOM_PAGE_COST: Readonly<Record<RulesStorage, number>> = { hdd: 4, ssd: 1.1, san: 1.1 };
const EFFECTIVE_IO_CONCURRENCY: Readonly<Record<RulesStorage, number>> = { hdd: 2, ssd: 200, san: 300 };

/**
 * PGTune's values for the catalog knobs it sets, in each knob's base unit (pg_settings'
 * unit: pages of 8 kB for shared_buffers, effective_cache_size and wal_buffers, kB for
 * work_mem and maintenance_work_mem, MB for max_wal_size), before any safety limit.
 *
 * @throws InvalidArgumentError naming the input that PGTune cannot work with.
 */
export function pgtuneRules(inputs: PgtuneInputs): Map<string, number> {
  checkInputs(inputs);
  const { workload, storage, cpus, maxConnections } = inputs;
  const ramKb = Math.floor(inputs.memoryBytes / 1024);
  const desktop = workload === 'desktop';
  const sharedBuffersKb = Math.floor(ramKb / (desktop ? 16 : 4));
  const values = new Map<string, number>();
  values.set('shared_buffers', Math.floor(sharedBuffersKb / 8));
  values.set('effective_cache_size', Math.floor(Math.floor(desktop ? ramKb / 4 : (ramKb * 3) / 4) / 8));
  // Beyond 2 GB only index builds gain.
  values.set('maintenance_work_mem', Math.min(Math.floor(ramKb / (workload === 'dw' ? 8 : 16)), 2 * KB_PER_GB));
  values.set('checkpoint_completion_target', 0.9);
  values.set('wal_buffers', Math.floor(walBuffersKb(sharedBuffersKb) / 8));
  values.set('random_page_cost', RANDOM_PAGE_COST[storage]);
  values.set('effective_io_concurrency', EFFECTIVE_IO_CONCURRENCY[storage]);
  values.set('max_wal_size', MAX_WAL_SIZE_MB[workload]);
  // Parallel query only from 4 CPUs: half of them per Gather, at most 4 outside analytics.
  const parallel = cpus >= 4;
  if (parallel) values.set('max_parallel_workers_per_gather', Math.min(Math.ceil(cpus / 2), workload === 'dw' ? Infinity : 4));
  // Each connection and worker may sort or hash about three times at once, in what
  // shared_buffers leaves of the RAM.
  const workers = parallel ? Math.floor(cpus) : DEFAULT_WORKER_PROCESSES;
  const perConnectionKb = (ramKb - sharedBuffersKb) / ((maxConnections + workers) * 3);
  values.set('work_mem', Math.max(64, Math.floor(perConnectionKb / WORK_MEM_DIVISOR[workload])));
  return values;
}

/** 3% of shared_buffers within 32 kB .. 16 MB, rounded up to 16 MB from 14 MB (PostgreSQL's own auto-tuning, roughly). */
function walBuffersKb(sharedBuffersKb: number): number {
  const kb = Math.min(Math.floor((3 * sharedBuffersKb) / 100), 16 * KB_PER_MB);
  if (kb > 14 * KB_PER_MB) return 16 * KB_PER_MB;
  return Math.max(32, kb);
}

function checkInputs(inputs: PgtuneInputs): void {
  if (!(inputs.memoryBytes > 0)) throw new InvalidArgumentError('rules.memoryBytes', `must be > 0, got ${inputs.memoryBytes}`);
  if (!(inputs.cpus >= 1)) throw new InvalidArgumentError('rules.cpus', `must be >= 1, got ${inputs.cpus}`);
  if (!Number.isInteger(inputs.maxConnections) || inputs.maxConnections < 1) {
    throw new InvalidArgumentError('rules.maxConnections', `must be an integer >= 1, got ${inputs.maxConnections}`);
  }
  if (!(inputs.serverVersionNum >= OLDEST_SERVER_VERSION_NUM)) {
    throw new InvalidArgumentError('rules.serverVersionNum', `PGTune's rules are for PostgreSQL 10 and later (>= ${OLDEST_SERVER_VERSION_NUM}), got ${inputs.serverVersionNum}`);
  }
  if (!RULES_WORKLOADS.includes(inputs.workload)) {
    throw new InvalidArgumentError('rules.workload', `must be one of ${RULES_WORKLOADS.join(', ')}, got ${JSON.stringify(inputs.workload)}`);
  }
  if (!RULES_STORAGES.includes(inputs.storage)) {
    throw new InvalidArgumentError('rules.storage', `must be one of ${RULES_STORAGES.join(', ')}, got ${JSON.stringify(inputs.storage)}`);
  }
}

/** A rule's value that a safety limit moved. */
export interface ClampedRule {
  name: string;
  /** PGTune's value, in the base unit. */
  rule: number;
  /** What is used instead. */
  value: number;
  /** Which limit: "safe range a..b" or "memory budget". */
  limit: string;
}

export interface RulesConfiguration {
  /** The catalog knobs the rules set, within the catalog's safe range and the memory budget, in catalog order. */
  settings: KnobSetting[];
  clamped: ClampedRule[];
}

export interface RulesConfigurationOptions {
  /**
   * The server's autovacuum_max_workers, for the memory budget (each may take
   * maintenance_work_mem). @defaultValue PostgreSQL's 3
   */
  autovacuumMaxWorkers?: number;
}

/**
 * PGTune's configuration for this host, made safe: each value clamped to the catalog's safe
 * range for the host (knob-catalog.ts), then work_mem, and if that is not enough
 * maintenance_work_mem, lowered to the memory budget the collector checks (memory-budget.ts;
 * PGTune's data-warehouse rules exceed it: maintenance_work_mem RAM/8 for each autovacuum
 * worker). Every value moved is listed in `clamped`.
 *
 * @throws InvalidArgumentError naming the input that PGTune cannot work with.
 */
export function rulesConfiguration(inputs: PgtuneInputs, options: RulesConfigurationOptions = {}): RulesConfiguration {
  const rules = pgtuneRules(inputs);
  const values = new Map<string, number>();
  const clamped: ClampedRule[] = [];
  const move = (name: string, value: number, limit: string) => {
    const rule = rules.get(name)!;
    if (value !== values.get(name)) clamped.push({ name, rule, value, limit });
    values.set(name, value);
  };
  for (const [name, rule] of rules) {
    const spec = numericSpec(name);
    const { min, max } = spec.range(inputs);
    values.set(name, rule);
    move(name, spec.type === 'integer' ? Math.min(Math.floor(max), Math.max(Math.ceil(min), Math.round(rule))) : Math.min(max, Math.max(min, rule)), `safe range ${min}..${max} ${spec.unit}`);
  }
  fitRulesToBudget(values, inputs, options.autovacuumMaxWorkers, move);
  const settings = KNOB_CATALOG.filter((spec) => values.has(spec.name)).map((spec) => ({ name: spec.name, value: String(values.get(spec.name)) }));
  return { settings, clamped: mergeByKnob(clamped) };
}

function fitRulesToBudget(
  values: Map<string, number>,
  inputs: PgtuneInputs,
  autovacuumMaxWorkers: number | undefined,
  move: (name: string, value: number, limit: string) => void,
): void {
  const terms = memoryTerms((name: MemoryBudgetSetting) => {
    if (name === 'autovacuum_max_workers') return autovacuumMaxWorkers ? { value: autovacuumMaxWorkers, unit: '' } : undefined;
    const value = values.get(name);
    return value === undefined ? undefined : { value, unit: numericSpec(name).unit };
  });
  const shrinkable = (name: string) => {
    const spec = numericSpec(name);
    return { value: values.get(name)!, min: spec.range(inputs).min, unitBytes: unitsToBytes(1, spec.unit) };
  };
  const fitted = fitMemoryBudget(terms, inputs, shrinkable('work_mem'), shrinkable('maintenance_work_mem'));
  move('maintenance_work_mem', fitted.maintenance!, 'memory budget');
  move('work_mem', fitted.workMem, 'memory budget');
}

/** One entry per knob: the rule's value, the last value and every limit that moved it. */
function mergeByKnob(clamped: ClampedRule[]): ClampedRule[] {
  const byName = new Map<string, ClampedRule>();
  for (const c of clamped) {
    const earlier = byName.get(c.name);
    byName.set(c.name, earlier ? { ...c, rule: earlier.rule, limit: `${earlier.limit}, then ${c.limit}` } : c);
  }
  return [...byName.values()];
}

function numericSpec(name: string): NumericKnobSpec {
  const spec = findKnobSpec(name);
  // The rules name only numeric catalog knobs: anything else is a mistake in this file.
  if (!spec || isChoiceKnob(spec)) throw new Error(`pgtune-rules: ${name} is not a numeric knob of the catalog`);
  return spec;
}
