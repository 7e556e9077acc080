import { InvalidArgumentError } from '../lib/core/errors';
import type { HostResources } from './host-resources';
import { formatHuman, unitsToBytes } from './knob-units';
import type { LiveKnob } from '../services/collector/knobs/live-knob';

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

type BudgetSetting = keyof typeof INPUTS;

/** The pg_settings rows the budget needs: read them with the requested knobs (readLiveKnobs). */
export const MEMORY_BUDGET_SETTINGS = Object.keys(INPUTS) as readonly BudgetSetting[];

/** Catalog knobs whose change re-checks the budget; other changes leave it as it was. */
const BUDGET_KNOBS: ReadonlySet<string> = new Set(['shared_buffers', 'wal_buffers', 'work_mem', 'maintenance_work_mem']);

// wal_buffers = -1 means 1/32 of shared_buffers, at least 64 kB, at most one 16 MB WAL segment.
function walBuffersBytes(walBuffers: number, sharedBuffersBytes: number): number {
  if (walBuffers !== -1) return walBuffers;
  return Math.min(16 * 1024 ** 2, Math.max(64 * 1024, sharedBuffersBytes / 32));
}

/**
 * Checks the memory the configuration may claim at once, after the request:
 *
 *   shared_buffers + wal_buffers
 *   + work_mem * max_connections                  (one sort or hash per connection)
 *   + autovacuum mem * autovacuum_max_workers     (autovacuum_work_mem, or maintenance_work_mem when -1)
 *   + maintenance_work_mem                        (one manual VACUUM or CREATE INDEX)
 *   <= MEMORY_BUDGET_SHARE * RAM
 *
 * Each term comes from the request (base units), else the live server, else PG's default.
 * Checked only when the request changes one of the memory knobs, so an unrelated change is
 * never refused for a configuration the user already runs.
 */
export function checkMemoryBudget(
  requested: ReadonlyMap<string, number>,
  live: ReadonlyMap<string, LiveKnob> | undefined,
  host: HostResources,
): void {
  if (![...requested.keys()].some((name) => BUDGET_KNOBS.has(name))) return;
  const setting = (name: BudgetSetting): { value: number; unit: string } => {
    const asked = requested.get(name);
    if (asked !== undefined) return { value: asked, unit: INPUTS[name].unit };
    const row = live?.get(name);
    return row ? { value: Number(row.setting), unit: row.unit ?? '' } : { value: INPUTS[name].default, unit: INPUTS[name].unit };
  };
  const bytes = (name: BudgetSetting): number => {
    const { value, unit } = setting(name);
    return unitsToBytes(value, unit);
  };
  const sharedBuffers = bytes('shared_buffers');
  const walBuffers = walBuffersBytes(setting('wal_buffers').value === -1 ? -1 : bytes('wal_buffers'), sharedBuffers);
  const workMem = bytes('work_mem');
  const maintenance = bytes('maintenance_work_mem');
  const autovacuum = setting('autovacuum_work_mem').value === -1 ? maintenance : bytes('autovacuum_work_mem');
  const workers = setting('autovacuum_max_workers').value;
  const total = sharedBuffers + walBuffers + workMem * host.maxConnections + autovacuum * workers + maintenance;
  const budget = MEMORY_BUDGET_SHARE * host.memoryBytes;
  if (total <= budget) return;
  const kb = (b: number) => formatHuman(b / 1024, 'kB');
  throw new InvalidArgumentError(
    'knobs',
    `the memory budget is exceeded: shared_buffers ${kb(sharedBuffers)} + wal_buffers ${kb(walBuffers)}` +
      ` + work_mem ${kb(workMem)} x ${host.maxConnections} connections` +
      ` + autovacuum ${kb(autovacuum)} x ${workers} workers + maintenance_work_mem ${kb(maintenance)}` +
      ` = ${kb(total)} > ${MEMORY_BUDGET_SHARE * 100}% of RAM (${kb(budget)})`,
  );
}
