import { InvalidArgumentError } from '../lib/core/errors';
import type { HostResources } from './host-resources';
import { formatHuman, unitsToBytes } from './knob-units';

/**
 * Share of RAM the server's own memory may claim at once: the rest is for the OS, each
 * backend's own overhead and the page cache PostgreSQL relies on (OtterTune caps memory
 * knobs at 80% of RAM, too).
 */
export const MEMORY_BUDGET_SHARE = 0.8;

/** A setting the budget reads, and what a stock PostgreSQL 15 uses when nothing says otherwise. */
interface BudgetInput {
  unit: string;
  default: number;
}

const INPUTS = {
  shared_buffers: { unit: '8kB', default: 16_384 },
  wal_buffers: { unit: '8kB', default: -1 },
  work_mem: { unit: 'kB', default: 4_096 },
  maintenance_work_mem: { unit: 'kB', default: 65_536 },
  autovacuum_work_mem: { unit: 'kB', default: -1 },
  autovacuum_max_workers: { unit: '', default: 3 },
} satisfies Record<string, BudgetInput>;

export type MemoryBudgetSetting = keyof typeof INPUTS;

/** The pg_settings rows the budget needs: read them with the requested knobs (readLiveKnobs). */
export const MEMORY_BUDGET_SETTINGS = Object.keys(INPUTS) as readonly MemoryBudgetSetting[];

/** Catalog knobs whose change re-checks the budget; other changes leave it as it was. */
const BUDGET_KNOBS: ReadonlySet<string> = new Set(['shared_buffers', 'wal_buffers', 'work_mem', 'maintenance_work_mem']);

const WAL_SEGMENT_BYTES = 16 * 1024 ** 2;

/** What the budget needs of the host: its RAM, and how many connections may each take work_mem. */
export type MemoryHost = Pick<HostResources, 'memoryBytes' | 'maxConnections'>;

/** The settings the budget adds up, in bytes (autovacuum_max_workers as a count). */
export interface MemoryTerms {
  sharedBuffersBytes: number;
  /** -1: automatic, 1/32 of shared_buffers within 64 kB .. one 16 MB WAL segment. */
  walBuffersBytes: number;
  workMemBytes: number;
  maintenanceWorkMemBytes: number;
  /** -1: each autovacuum worker takes maintenance_work_mem. */
  autovacuumWorkMemBytes: number;
  autovacuumMaxWorkers: number;
}

/** A setting's number in a pg_settings unit ("8kB", "kB"; "" for a count). */
export interface SettingInUnit {
  value: number;
  unit: string;
}

/**
 * The budget's terms from what is known of each setting (`known` answers undefined for the
 * rest), PostgreSQL's default for everything else.
 */
export function memoryTerms(known: (name: MemoryBudgetSetting) => SettingInUnit | undefined): MemoryTerms {
  const setting = (name: MemoryBudgetSetting): SettingInUnit => known(name) ?? { value: INPUTS[name].default, unit: INPUTS[name].unit };
  const bytes = (name: MemoryBudgetSetting): number => {
    const { value, unit } = setting(name);
    return unitsToBytes(value, unit);
  };
  // -1 (automatic) is a setting of its own, not a size.
  const sizeOrAuto = (name: 'wal_buffers' | 'autovacuum_work_mem'): number => (setting(name).value === -1 ? -1 : bytes(name));
  return {
    sharedBuffersBytes: bytes('shared_buffers'),
    walBuffersBytes: sizeOrAuto('wal_buffers'),
    workMemBytes: bytes('work_mem'),
    maintenanceWorkMemBytes: bytes('maintenance_work_mem'),
    autovacuumWorkMemBytes: sizeOrAuto('autovacuum_work_mem'),
    autovacuumMaxWorkers: setting('autovacuum_max_workers').value,
  };
}

function walBuffersBytes(terms: MemoryTerms): number {
  if (terms.walBuffersBytes !== -1) return terms.walBuffersBytes;
  return Math.min(WAL_SEGMENT_BYTES, Math.max(64 * 1024, terms.sharedBuffersBytes / 32));
}

/** What one autovacuum worker may take: autovacuum_work_mem, or maintenance_work_mem while that is -1. */
function autovacuumWorkerBytes(terms: MemoryTerms): number {
  return terms.autovacuumWorkMemBytes === -1 ? terms.maintenanceWorkMemBytes : terms.autovacuumWorkMemBytes;
}

/**
 * The memory a configuration may claim at once:
 *
 *   shared_buffers + wal_buffers
 *   + work_mem * max_connections                  (one sort or hash per connection)
 *   + autovacuum mem * autovacuum_max_workers     (autovacuum_work_mem, or maintenance_work_mem when -1)
 *   + maintenance_work_mem                        (one manual VACUUM or CREATE INDEX)
 *
 * A sort or hash node can take more than one work_mem, but not every connection sorts at
 * once; PGTune's rule of thumb sits in the same range.
 */
export function memoryClaimBytes(terms: MemoryTerms, host: MemoryHost): number {
  return (
    terms.sharedBuffersBytes +
    walBuffersBytes(terms) +
    terms.workMemBytes * host.maxConnections +
    autovacuumWorkerBytes(terms) * terms.autovacuumMaxWorkers +
    terms.maintenanceWorkMemBytes
  );
}

/** What the claim may reach: MEMORY_BUDGET_SHARE of the host's RAM. */
export function memoryBudgetBytes(host: MemoryHost): number {
  return MEMORY_BUDGET_SHARE * host.memoryBytes;
}

/** A pg_settings row as far as the budget reads it (the collector's LiveKnob is one). */
export interface LiveSetting {
  setting: string;
  unit: string | null;
}

/**
 * Checks the claim (memoryClaimBytes) of the configuration after the request against the
 * budget. Each term comes from the request (base units), else the live server, else PG's
 * default. Checked only when the request changes one of the memory knobs, so an unrelated
 * change is never refused for a configuration the user already runs.
 *
 * @throws InvalidArgumentError (field `knobs`) listing every term when the claim exceeds the budget.
 */
export function checkMemoryBudget(
  requested: ReadonlyMap<string, number>,
  live: ReadonlyMap<string, LiveSetting> | undefined,
  host: MemoryHost,
): void {
  if (![...requested.keys()].some((name) => BUDGET_KNOBS.has(name))) return;
  const terms = memoryTerms((name) => {
    const asked = requested.get(name);
    if (asked !== undefined) return { value: asked, unit: INPUTS[name].unit };
    const row = live?.get(name);
    return row ? { value: Number(row.setting), unit: row.unit ?? '' } : undefined;
  });
  const total = memoryClaimBytes(terms, host);
  const budget = memoryBudgetBytes(host);
  if (total <= budget) return;
  const kb = (b: number) => formatHuman(b / 1024, 'kB');
  throw new InvalidArgumentError(
    'knobs',
    `the memory budget is exceeded: shared_buffers ${kb(terms.sharedBuffersBytes)} + wal_buffers ${kb(walBuffersBytes(terms))}` +
      ` + work_mem ${kb(terms.workMemBytes)} x ${host.maxConnections} connections` +
      ` + autovacuum ${kb(autovacuumWorkerBytes(terms))} x ${terms.autovacuumMaxWorkers} workers` +
      ` + maintenance_work_mem ${kb(terms.maintenanceWorkMemBytes)}` +
      ` = ${kb(total)} > ${MEMORY_BUDGET_SHARE * 100}% of RAM (${kb(budget)})`,
  );
}

/**
 * The budget a mapped action is kept within, so that the collector's check does not refuse
 * it: the host, and the terms in effect, which the action's own values replace for the
 * knobs it tunes.
 */
export interface MemoryBudget {
  host: MemoryHost;
  inEffect: MemoryTerms;
}

/**
 * The largest work_mem, in bytes, that keeps these terms within the budget. Zero or less
 * when the other terms alone exceed it: the caller then falls back to the knob's minimum.
 *
 * @throws InvalidArgumentError naming the host field that cannot carry a budget.
 */
export function workMemCeilingBytes(terms: MemoryTerms, host: MemoryHost): number {
  checkHost(host);
  // The claim is linear in work_mem, with max_connections as its factor.
  return Math.floor((memoryBudgetBytes(host) - memoryClaimBytes({ ...terms, workMemBytes: 0 }, host)) / host.maxConnections);
}

/**
 * The largest maintenance_work_mem, in bytes, that keeps these terms within the budget: for
 * when work_mem alone, even at its minimum, cannot make room. Zero or less when the other
 * terms alone exceed it.
 *
 * @throws InvalidArgumentError naming the host field that cannot carry a budget.
 */
export function maintenanceWorkMemCeilingBytes(terms: MemoryTerms, host: MemoryHost): number {
  checkHost(host);
  // Counted once for a manual VACUUM, and once per autovacuum worker while it stands in for autovacuum_work_mem.
  const copies = 1 + (terms.autovacuumWorkMemBytes === -1 ? terms.autovacuumMaxWorkers : 0);
  return Math.floor((memoryBudgetBytes(host) - memoryClaimBytes({ ...terms, maintenanceWorkMemBytes: 0 }, host)) / copies);
}

function checkHost(host: MemoryHost): void {
  if (!(host.memoryBytes > 0)) {
    throw new InvalidArgumentError('memoryBudget.host.memoryBytes', `must be > 0, got ${host.memoryBytes}`);
  }
  if (!Number.isInteger(host.maxConnections) || host.maxConnections < 1) {
    throw new InvalidArgumentError('memoryBudget.host.maxConnections', `must be an integer >= 1, got ${host.maxConnections}`);
  }
}

/** A memory knob the budget may lower: its value and floor in its own units, and bytes per unit. */
export interface ShrinkableMemoryKnob {
  value: number;
  min: number;
  unitBytes: number;
}

/**
 * The one rule for fitting proposed values into the budget (an agent's action, PGTune's
 * rules): work_mem gives way first, being the term multiplied by the connection count; when
 * even its minimum does not fit, maintenance_work_mem (when it may move) gives way too, since
 * it counts once per autovacuum worker, down to its own minimum. `terms` hold the proposed
 * values; the answer is in each knob's own units.
 */
export function fitMemoryBudget(
  terms: MemoryTerms,
  host: MemoryHost,
  workMem: ShrinkableMemoryKnob,
  maintenance?: ShrinkableMemoryKnob,
): { workMem: number; maintenance?: number } {
  let fitted = terms;
  let maintenanceValue = maintenance?.value;
  const workMemRoom = (t: MemoryTerms) => Math.floor(workMemCeilingBytes(t, host) / workMem.unitBytes);
  if (maintenance && workMemRoom(fitted) < workMem.min) {
    const atFloor = { ...fitted, workMemBytes: workMem.min * workMem.unitBytes };
    const room = Math.floor(maintenanceWorkMemCeilingBytes(atFloor, host) / maintenance.unitBytes);
    maintenanceValue = Math.max(maintenance.min, Math.min(maintenance.value, room));
    fitted = { ...fitted, maintenanceWorkMemBytes: maintenanceValue * maintenance.unitBytes };
  }
  return { workMem: Math.max(workMem.min, Math.min(workMem.value, workMemRoom(fitted))), ...(maintenance ? { maintenance: maintenanceValue } : {}) };
}
