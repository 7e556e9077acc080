import { describe, expect, it } from 'vitest';
import type { KnobState__Output as KnobState } from '../../proto/generated/autotune/v1/KnobState';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { actionToKnobs } from '../../knobs/action-mapping';
import { memoryBudgetFor, toKnobDimension } from '../../knobs/action-space';
import { resolveOpenRequest } from '../../services/environment/open-request';

const GiB = 1024 ** 3;

function knob(name: string, groups: string[], extra: Partial<KnobState> = {}): KnobState {
  return {
    name,
    value: '4096',
    unit: 'kB',
    context: 'user',
    vartype: 'integer',
    pgMin: '64',
    pgMax: '2147483647',
    pendingRestart: false,
    safeRange: { min: 64, max: 65536, allowed: [] },
    scale: 'log',
    restartRequired: false,
    durabilityRisk: 'none',
    bootValue: '4096',
    enumValues: [],
    groups,
    ...extra,
  };
}

// Catalog order, as GetKnobs answers.
const CATALOG: KnobState[] = [
  knob('work_mem', ['default']),
  knob('maintenance_work_mem', ['default'], { value: '65536', safeRange: { min: 1024, max: 2097152, allowed: [] } }),
  knob('checkpoint_completion_target', ['default'], { value: '0.9', unit: '', vartype: 'real', scale: 'linear', safeRange: { min: 0.5, max: 0.95, allowed: [] } }),
  knob('shared_buffers', ['extended'], { value: '16384', unit: '8kB', context: 'postmaster', restartRequired: true }),
  knob('random_page_cost', ['extended'], { value: '4', unit: '', vartype: 'real', scale: 'linear', safeRange: { min: 1, max: 8, allowed: [] } }),
  knob('jit', ['extended'], { value: 'on', unit: '', vartype: 'bool', scale: 'linear', safeRange: { min: 0, max: 0, allowed: ['off', 'on'] } }),
  knob('synchronous_commit', ['durability'], { value: 'on', unit: '', vartype: 'enum', durabilityRisk: 'may-lose-commits', safeRange: { min: 0, max: 0, allowed: ['off', 'on'] } }),
];

describe('toKnobDimension', () => {
  it('carries the safe range, scale, unit, integer-ness and the value in effect as baseline', () => {
    expect(toKnobDimension(CATALOG[0]!)).toEqual({
      name: 'work_mem', min: 64, max: 65536, scale: 'log', unit: 'kB', choices: [], baseline: '4096', integer: true,
    });
    expect(toKnobDimension(CATALOG[2]!)).toMatchObject({ scale: 'linear', integer: false, baseline: '0.9' });
  });

  it('makes bool and enum knobs choices', () => {
    expect(toKnobDimension(CATALOG[5]!)).toMatchObject({ name: 'jit', scale: 'choice', choices: ['off', 'on'], baseline: 'on' });
  });
});

describe('memoryBudgetFor', () => {
  const info: ServerInfo = {
    serverVersion: '15', serverVersionNum: 150000, hostMemoryBytes: 2 * GiB, hostCpus: 2, canRestart: true, maxConnections: 100, target: '',
    autovacuumMaxWorkers: 3,
  };
  const sharedBuffers = 16384 * 8192;
  const walBuffers = Math.max(64 * 1024, sharedBuffers / 32);

  it("keeps mapped actions inside the collector's budget: work_mem, then maintenance_work_mem give way", () => {
    // A 2 GiB host: maintenance_work_mem at +1 (2 GiB) x (1 + 3 autovacuum workers) alone exceeds 80% of RAM.
    const dims = CATALOG.slice(0, 2).map(toKnobDimension);
    const budget = memoryBudgetFor(info, CATALOG)!;
    const [wm, mwm] = actionToKnobs([1, 1], dims, { memoryBudget: budget }).map((k) => Number(k.value) * 1024);
    expect(wm).toBe(64 * 1024); // at its minimum
    const total = sharedBuffers + walBuffers + wm! * 100 + mwm! * 4;
    expect(total).toBeLessThanOrEqual(0.8 * 2 * GiB);
    expect(total).toBeGreaterThan(0.79 * 2 * GiB);
  });

  it("counts the server's autovacuum workers, and PostgreSQL's 3 when the collector does not say", () => {
    const dims = CATALOG.slice(0, 2).map(toKnobDimension);
    const maintenanceAt = (workers: number) => Number(actionToKnobs([1, 1], dims, { memoryBudget: memoryBudgetFor({ ...info, autovacuumMaxWorkers: workers }, CATALOG)! })[1]!.value) * 1024;
    // (80% of 2 GiB - shared_buffers - wal_buffers - 100 x 64 kB) / (1 + workers), floored to whole kB
    const room = 0.8 * 2 * GiB - sharedBuffers - walBuffers - 100 * 64 * 1024;
    expect(maintenanceAt(9)).toBe(Math.floor(Math.floor(room / 10) / 1024) * 1024);
    expect(maintenanceAt(0)).toBe(Math.floor(Math.floor(room / 4) / 1024) * 1024);
    expect(memoryBudgetFor({ ...info, autovacuumMaxWorkers: 0 }, CATALOG)!.inEffect.autovacuumMaxWorkers).toBe(3);
  });

  it('takes the values in effect, and nothing without the RAM or connection count to budget with', () => {
    expect(memoryBudgetFor(info, CATALOG)!.inEffect).toEqual({
      sharedBuffersBytes: sharedBuffers,
      walBuffersBytes: -1,
      workMemBytes: 4096 * 1024,
      maintenanceWorkMemBytes: 65536 * 1024,
      autovacuumWorkMemBytes: -1,
      autovacuumMaxWorkers: 3,
    });
    expect(memoryBudgetFor({ ...info, hostMemoryBytes: 0 }, CATALOG)).toBeUndefined();
    expect(memoryBudgetFor({ ...info, maxConnections: 0 }, CATALOG)).toBeUndefined();
  });
});

describe('resolveOpenRequest', () => {
  const base = {
    collectorAddress: '127.0.0.1:7002',
    knobs: [],
    benchmark: { scripts: [], clients: 2, threads: 0, durationS: 2, warmupS: 0, protocol: '', progressIntervalS: 0 },
    rewardWeights: null,
    allowDurabilityRisk: false,
    allowRestart: false,
  };

  it('applies the default weights 0.6 / 0.4', () => {
    expect(resolveOpenRequest(base).rewardWeights).toEqual({ tps: 0.6, latency: 0.4 });
    expect(resolveOpenRequest({ ...base, rewardWeights: { tps: 1, latency: 0 } }).rewardWeights).toEqual({ tps: 1, latency: 0 });
  });

  it('names the bad field', () => {
    expect(() => resolveOpenRequest({ ...base, collectorAddress: 'nowhere' })).toThrow(/collector_address/);
    expect(() => resolveOpenRequest({ ...base, benchmark: null })).toThrow(/benchmark: a benchmark spec is required/);
    expect(() => resolveOpenRequest({ ...base, benchmark: { ...base.benchmark, durationS: 0 } })).toThrow(/benchmark.duration_s/);
    expect(() => resolveOpenRequest({ ...base, rewardWeights: { tps: -1, latency: 1 } })).toThrow(/reward_weights.tps/);
  });
});
