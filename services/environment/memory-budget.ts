import { InvalidArgumentError } from '../shared/errors';

/**
 * What the server may spend on memory knobs. The worst case counted is every connection
 * using one work_mem at once, on top of shared_buffers and one maintenance_work_mem:
 *
 *   shared_buffers + maintenance_work_mem + max_connections * work_mem <= fractionOfRam * RAM
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
  const available = fraction * budget.hostMemoryBytes - sharedBuffersBytes - maintenanceWorkMemBytes;
  return Math.floor(available / budget.maxConnections);
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
