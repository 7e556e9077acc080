import type { KnobDimension__Output as KnobDimension } from '../proto/generated/autotune/v1/KnobDimension';
import type { KnobState__Output as KnobState } from '../proto/generated/autotune/v1/KnobState';
import type { ServerInfo__Output as ServerInfo } from '../proto/generated/autotune/v1/ServerInfo';
import { FailedPreconditionError } from '../lib/core/errors';
import { memoryUnitBytes } from './knob-units';
import { memoryTerms, type MemoryBudget } from './memory-budget';

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

/**
 * The memory budget the action mapping keeps, from the same terms as the collector's check
 * (memory-budget.ts), so that a mapped action is not refused. The terms the action does not
 * tune are the values in effect when the environment opened; autovacuum_max_workers comes
 * from ServerInfo (a collector that does not report it answers 0: PostgreSQL's default is
 * taken then). autovacuum_work_mem is not visible through the collector and is taken at its
 * default (-1: workers use maintenance_work_mem); a server that sets it larger may see some
 * extreme actions refused, which the environment scores as failed steps.
 * Undefined when the server gives no RAM or connection count to budget with.
 */
export function memoryBudgetFor(info: ServerInfo, knobs: readonly KnobState[]): MemoryBudget | undefined {
  if (!(info.hostMemoryBytes > 0) || !(info.maxConnections >= 1)) return undefined;
  const live = new Map(knobs.map((k) => [k.name, k]));
  const inEffect = memoryTerms((name) => {
    if (name === 'autovacuum_max_workers') return info.autovacuumMaxWorkers > 0 ? { value: info.autovacuumMaxWorkers, unit: '' } : undefined;
    const knob = live.get(name);
    if (!knob || knob.value.trim() === '' || memoryUnitBytes(knob.unit) === undefined) return undefined;
    const value = Number(knob.value);
    return Number.isFinite(value) ? { value, unit: knob.unit } : undefined;
  });
  return { host: { memoryBytes: info.hostMemoryBytes, maxConnections: info.maxConnections }, inEffect };
}
