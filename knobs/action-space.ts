import type { KnobDimension__Output as KnobDimension } from '../proto/generated/autotune/v1/KnobDimension';
import type { KnobState__Output as KnobState } from '../proto/generated/autotune/v1/KnobState';
import type { ServerInfo__Output as ServerInfo } from '../proto/generated/autotune/v1/ServerInfo';
import { FailedPreconditionError } from '../lib/core/errors';
import { memoryUnitBytes, type MemoryBudget } from './memory-ceilings';

/**
 * One dimension of the action space from the collector's description of a knob: its safe
 * range for this host (within the server's own limits), the catalog's scale (log for sizes
 * and times, linear otherwise; bool and enum knobs are choices), and the value in effect as
 * the baseline. Integer knobs map to whole numbers.
 */
export function toKnobDimension(knob: KnobState): KnobDimension {
  const range = knob.safeRange;
  const choice = knob.vartype === 'bool' || knob.vartype === 'enum';
  if (choice) {
    const choices = range?.allowed ?? [];
    if (choices.length === 0) throw new FailedPreconditionError(`${knob.name}: the collector gives no allowed values for this ${knob.vartype} knob`);
    return { name: knob.name, min: 0, max: 0, scale: 'choice', unit: knob.unit, choices: [...choices], baseline: knob.value, integer: false };
  }
  if (!range || !Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min > range.max) {
    throw new FailedPreconditionError(`${knob.name}: the collector gives no usable safe range (${range?.min} .. ${range?.max})`);
  }
  if (knob.scale !== 'log' && knob.scale !== 'linear') {
    throw new FailedPreconditionError(`${knob.name}: the collector gives scale "${knob.scale}", expected log or linear`);
  }
  return {
    name: knob.name,
    min: range.min,
    max: range.max,
    scale: knob.scale,
    unit: knob.unit,
    choices: [],
    baseline: knob.value,
    integer: knob.vartype === 'integer',
  };
}

// PostgreSQL's defaults for the settings the collector's budget counts but does not report
// (GetKnobs answers for catalog knobs only): autovacuum_max_workers 3, autovacuum_work_mem -1.
const ASSUMED_AUTOVACUUM_WORKERS = 3;
const WAL_SEGMENT_BYTES = 16 * 1024 ** 2;

/**
 * The memory budget the action mapping keeps, built to match the collector's check
 * (knobs/memory-budget.ts) so that a mapped action is not refused:
 * shared_buffers + wal_buffers + work_mem x max_connections + maintenance_work_mem x
 * (1 + autovacuum workers) within 80% of the host's RAM. Untuned terms come from the values
 * in effect when the environment opened. The autovacuum settings are not visible through
 * the collector and are taken at PostgreSQL's defaults; a server with more workers may see
 * some extreme actions refused, which the environment scores as failed steps.
 */
export function memoryBudgetFor(info: ServerInfo, knobs: readonly KnobState[], dims: readonly KnobDimension[]): MemoryBudget | undefined {
  if (!(info.hostMemoryBytes > 0) || !(info.maxConnections >= 1)) return undefined;
  const live = new Map(knobs.map((k) => [k.name, k]));
  const bytes = (name: string, fallback: number): number => {
    const knob = live.get(name);
    const unit = knob ? memoryUnitBytes(knob.unit) : undefined;
    const value = knob ? Number(knob.value) : Number.NaN;
    return unit !== undefined && Number.isFinite(value) ? value * unit : fallback;
  };
  const sharedBuffers = bytes('shared_buffers', 128 * 1024 ** 2);
  return {
    hostMemoryBytes: info.hostMemoryBytes,
    maxConnections: info.maxConnections,
    sharedBuffersBytes: sharedBuffers,
    maintenanceWorkMemBytes: bytes('maintenance_work_mem', 64 * 1024 ** 2),
    maintenanceWorkMemCopies: 1 + ASSUMED_AUTOVACUUM_WORKERS,
    otherBytes: walBuffersBytes(live.get('wal_buffers'), sharedBuffers, dims),
  };
}

/** wal_buffers at its largest: the top of its range when tuned; -1 is 1/32 of shared_buffers, 64 kB .. 16 MB. */
function walBuffersBytes(knob: KnobState | undefined, sharedBuffersBytes: number, dims: readonly KnobDimension[]): number {
  const tuned = dims.find((d) => d.name === 'wal_buffers');
  const unit = memoryUnitBytes(knob?.unit ?? '8kB') ?? 8192;
  if (tuned) return tuned.max * unit;
  const value = Number(knob?.value ?? '-1');
  if (value !== -1 && Number.isFinite(value)) return value * unit;
  // shared_buffers may be tuned up to its range's top: count the automatic size's ceiling then.
  const sharedTuned = dims.some((d) => d.name === 'shared_buffers');
  return sharedTuned ? WAL_SEGMENT_BYTES : Math.min(WAL_SEGMENT_BYTES, Math.max(64 * 1024, sharedBuffersBytes / 32));
}
