import { InvalidArgumentError } from '../lib/core/errors';

/**
 * What the server may spend on memory knobs. The worst case counted is every connection
 * using one work_mem at once, on top of shared_buffers and maintenance_work_mem:
 *
 *   shared_buffers + copies * maintenance_work_mem + max_connections * work_mem + other
 *     <= fractionOfRam * RAM
 *
 * With copies = 1 + autovacuum workers and other = wal_buffers this is the collector's own
 * check, so a mapped action is not refused by it.
 *
 * A sort or hash node can take more than one work_mem, but not every connection sorts at
 * once; PGTune's rule of thumb sits in the same range.
 */
export interface MemoryBudget {
  hostMemoryBytes: number;
  maxConnections: number;
  /** shared_buffers in effect, in bytes; used when the action does not set it. */
  sharedBuffersBytes: number;
  /** maintenance_work_mem in effect, in bytes; used when the action does not set it. */
  maintenanceWorkMemBytes: number;
  /**
   * Share of the host's RAM the budget allows; the rest is for the OS, its page cache and
   * autovacuum workers.
   * @defaultValue 0.8 (OtterTune caps memory knobs at 80% of RAM)
   */
  fractionOfRam?: number;
  /**
   * How many maintenance_work_mem may be in use at once: one manual VACUUM or CREATE INDEX,
   * plus each autovacuum worker while autovacuum_work_mem is -1 (the collector counts
   * 1 + autovacuum_max_workers).
   * @defaultValue 1
   */
  maintenanceWorkMemCopies?: number;
  /**
   * Bytes the rest of the configuration claims that no tuned knob moves (wal_buffers, an
   * explicit autovacuum_work_mem times the workers).
   * @defaultValue 0
   */
  otherBytes?: number;
}

export const DEFAULT_MEMORY_FRACTION = 0.8;

/**
 * The largest work_mem, in bytes, that keeps the budget. Zero or less when shared_buffers
 * and maintenance_work_mem alone exceed it: the caller then falls back to the knob's minimum.
 */
export function workMemCeilingBytes(
  budget: MemoryBudget,
  sharedBuffersBytes: number = budget.sharedBuffersBytes,
  maintenanceWorkMemBytes: number = budget.maintenanceWorkMemBytes,
): number {
  const fraction = budget.fractionOfRam ?? DEFAULT_MEMORY_FRACTION;
  if (!(fraction > 0 && fraction <= 1)) {
    throw new InvalidArgumentError('memoryBudget.fractionOfRam', `must be in (0, 1], got ${fraction}`);
  }
  if (!(budget.hostMemoryBytes > 0)) {
    throw new InvalidArgumentError('memoryBudget.hostMemoryBytes', `must be > 0, got ${budget.hostMemoryBytes}`);
  }
  if (!Number.isInteger(budget.maxConnections) || budget.maxConnections < 1) {
    throw new InvalidArgumentError('memoryBudget.maxConnections', `must be an integer >= 1, got ${budget.maxConnections}`);
  }
  const available = fraction * budget.hostMemoryBytes - sharedBuffersBytes - copies(budget) * maintenanceWorkMemBytes - other(budget);
  return Math.floor(available / budget.maxConnections);
}

/**
 * The largest maintenance_work_mem, in bytes, that keeps the budget with this work_mem:
 * for when work_mem alone, even at its minimum, cannot make room. Zero or less when
 * shared_buffers and work_mem alone exceed it.
 */
export function maintenanceWorkMemCeilingBytes(
  budget: MemoryBudget,
  sharedBuffersBytes: number,
  workMemBytes: number,
): number {
  // Checks the budget's fields the same way.
  workMemCeilingBytes(budget, sharedBuffersBytes, 0);
  const fraction = budget.fractionOfRam ?? DEFAULT_MEMORY_FRACTION;
  const available = fraction * budget.hostMemoryBytes - sharedBuffersBytes - budget.maxConnections * workMemBytes - other(budget);
  return Math.floor(available / copies(budget));
}

function copies(budget: MemoryBudget): number {
  const n = budget.maintenanceWorkMemCopies ?? 1;
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError('memoryBudget.maintenanceWorkMemCopies', `must be an integer >= 1, got ${n}`);
  }
  return n;
}

function other(budget: MemoryBudget): number {
  const bytes = budget.otherBytes ?? 0;
  if (!Number.isFinite(bytes) || bytes < 0) throw new InvalidArgumentError('memoryBudget.otherBytes', `must be a finite number >= 0, got ${bytes}`);
  return bytes;
}

const MEMORY_UNITS: Record<string, number> = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/**
 * Bytes per unit of a pg_settings memory unit: "kB" -> 1024, "8kB" -> 8192 (shared_buffers
 * counts 8 kB pages). Undefined for units that are not sizes ("ms", "").
 */
export function memoryUnitBytes(unit: string): number | undefined {
  const match = /^(\d*)(B|kB|MB|GB|TB)$/.exec(unit.trim());
  if (!match) return undefined;
  return (match[1] ? Number(match[1]) : 1) * MEMORY_UNITS[match[2]!]!;
}
