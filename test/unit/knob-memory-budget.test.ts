import { describe, expect, it } from 'vitest';
import { actionToKnobs, type KnobDimensionLike } from '../../knobs/action-mapping';
import {
  checkMemoryBudget,
  fitMemoryBudget,
  maintenanceWorkMemCeilingBytes,
  memoryTerms,
  workMemCeilingBytes,
  type LiveSetting,
  type MemoryBudgetSetting,
} from '../../knobs/memory-budget';

const GiB = 1024 ** 3;
const host = { memoryBytes: 4 * GiB, maxConnections: 200 };

// A server as pg_settings reports it: 512 MiB shared_buffers, automatic wal_buffers, 6 autovacuum workers.
const LIVE: ReadonlyMap<string, LiveSetting> = new Map<MemoryBudgetSetting, LiveSetting>([
  ['shared_buffers', { setting: '65536', unit: '8kB' }],
  ['wal_buffers', { setting: '-1', unit: '8kB' }],
  ['work_mem', { setting: '4096', unit: 'kB' }],
  ['maintenance_work_mem', { setting: '65536', unit: 'kB' }],
  ['autovacuum_work_mem', { setting: '-1', unit: 'kB' }],
  ['autovacuum_max_workers', { setting: '6', unit: null }],
]);
const inEffect = memoryTerms((name) => {
  const row = LIVE.get(name)!;
  return { value: Number(row.setting), unit: row.unit ?? '' };
});
const fits = (knobs: Record<string, number>) => () => checkMemoryBudget(new Map(Object.entries(knobs)), LIVE, host);

describe('memory budget: the ceilings and the check are one rule', () => {
  it('takes PostgreSQL defaults for what is not known', () => {
    expect(memoryTerms(() => undefined)).toEqual({
      sharedBuffersBytes: 128 * 1024 ** 2,
      walBuffersBytes: -1,
      workMemBytes: 4 * 1024 ** 2,
      maintenanceWorkMemBytes: 64 * 1024 ** 2,
      autovacuumWorkMemBytes: -1,
      autovacuumMaxWorkers: 3,
    });
  });

  it('accepts work_mem at its ceiling and refuses one kB more', () => {
    const ceilingKb = Math.floor(workMemCeilingBytes(inEffect, host) / 1024);
    expect(ceilingKb).toBeGreaterThan(1024);
    expect(fits({ work_mem: ceilingKb })).not.toThrow();
    expect(fits({ work_mem: ceilingKb + 1 })).toThrow(/the memory budget is exceeded: .* x 6 workers/);
  });

  it('accepts maintenance_work_mem at its ceiling and refuses one kB more, counting each autovacuum worker', () => {
    const terms = { ...inEffect, workMemBytes: 8 * 1024 ** 2 };
    const ceilingKb = Math.floor(maintenanceWorkMemCeilingBytes(terms, host) / 1024);
    expect(fits({ work_mem: 8192, maintenance_work_mem: ceilingKb })).not.toThrow();
    expect(fits({ work_mem: 8192, maintenance_work_mem: ceilingKb + 1 })).toThrow(/the memory budget is exceeded/);
  });

  it('re-checks a change of shared_buffers or wal_buffers alone, each in 8 kB pages', () => {
    // LIVE claims about 1.8 GiB of the 3.2 GiB budget.
    expect(fits({ shared_buffers: 393_216 })).toThrow(/^knobs: the memory budget is exceeded: shared_buffers 3GB \+ wal_buffers 16MB /);
    expect(fits({ wal_buffers: 196_608 })).toThrow(/^knobs: the memory budget is exceeded: shared_buffers 512MB \+ wal_buffers 1.5GB /);
    expect(fits({ shared_buffers: 131_072, wal_buffers: 8192 })).not.toThrow();
  });

  it('accepts a claim of exactly the budget and refuses one page more', () => {
    // 5 GiB host, 1 connection: a 4 GiB budget. 16 MiB wal_buffers + 1 MiB work_mem + 64 MiB maintenance_work_mem
    // x (3 autovacuum workers + 1) = 273 MiB, and shared_buffers 3823 MiB = 489344 pages: 4096 MiB in all.
    const exact = { shared_buffers: 489_344, wal_buffers: 2048, work_mem: 1024, maintenance_work_mem: 65_536 };
    const check = (knobs: Record<string, number>) => () => checkMemoryBudget(new Map(Object.entries(knobs)), undefined, { memoryBytes: 5 * GiB, maxConnections: 1 });
    expect(check(exact)).not.toThrow();
    expect(check({ ...exact, shared_buffers: exact.shared_buffers + 1 })).toThrow(/= 4GB > 80% of RAM \(4GB\)$/);
  });

  it('counts automatic wal_buffers as 1/32 of shared_buffers, at least 64 kB', () => {
    // 128 pages = 1 MiB of shared_buffers: 1/32 is 32 kB, below the 64 kB floor.
    expect(() => checkMemoryBudget(new Map([['shared_buffers', 128], ['work_mem', 2_000_000]]), undefined, host)).toThrow(
      /shared_buffers 1MB \+ wal_buffers 64kB \+ work_mem/,
    );
  });

  it('counts maintenance_work_mem once when autovacuum_work_mem is set: its ceiling, then one kB more', () => {
    const live = new Map([...LIVE, ['autovacuum_work_mem', { setting: '32768', unit: 'kB' }]]);
    const terms = { ...inEffect, autovacuumWorkMemBytes: 32 * 1024 ** 2 };
    const ceilingKb = Math.floor(maintenanceWorkMemCeilingBytes(terms, host) / 1024);
    expect(() => checkMemoryBudget(new Map([['maintenance_work_mem', ceilingKb]]), live, host)).not.toThrow();
    expect(() => checkMemoryBudget(new Map([['maintenance_work_mem', ceilingKb + 1]]), live, host)).toThrow(/autovacuum 32MB x 6 workers/);
  });

  it('takes a host with a single connection', () => {
    expect(workMemCeilingBytes(inEffect, { ...host, maxConnections: 1 })).toBeGreaterThan(GiB);
    expect(maintenanceWorkMemCeilingBytes(inEffect, { ...host, maxConnections: 1 })).toBeGreaterThan(0);
  });

  it('maps every action to values the check accepts', () => {
    const dims: KnobDimensionLike[] = [
      { name: 'work_mem', min: 64, max: 2_097_152, scale: 'log', unit: 'kB', integer: true },
      { name: 'maintenance_work_mem', min: 1024, max: 2_097_152, scale: 'log', unit: 'kB', integer: true },
      { name: 'shared_buffers', min: 16_384, max: 209_715, scale: 'log', unit: '8kB', integer: true },
      { name: 'wal_buffers', min: 8, max: 8192, scale: 'log', unit: '8kB', integer: true },
    ];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let trial = 0; trial < 200; trial++) {
      const knobs = actionToKnobs(dims.map(next), dims, { memoryBudget: { host, inEffect } });
      expect(fits(Object.fromEntries(knobs.map((k) => [k.name, Number(k.value)])))).not.toThrow();
    }
  });
});

describe('fitMemoryBudget: the one rule for what gives way', () => {
  const kB = 1024;
  const workMem = (value: number) => ({ value, min: 64, unitBytes: kB });
  const maintenance = (value: number) => ({ value, min: 1024, unitBytes: kB });

  it('leaves values that fit alone', () => {
    expect(fitMemoryBudget(inEffect, host, workMem(4096), maintenance(65536))).toEqual({ workMem: 4096, maintenance: 65536 });
  });

  it('lowers work_mem first, to the ceiling the check uses, and keeps maintenance_work_mem', () => {
    const fitted = fitMemoryBudget(inEffect, host, workMem(10 * 1024 * 1024), maintenance(65536));
    expect(fitted.maintenance).toBe(65536);
    expect(fitted.workMem).toBe(Math.floor(workMemCeilingBytes(inEffect, host) / kB));
    expect(fits({ work_mem: fitted.workMem })).not.toThrow();
    expect(fits({ work_mem: fitted.workMem + 1 })).toThrow(/memory budget/);
  });

  it('lowers maintenance_work_mem only when even work_mem at its floor does not fit, and never below floors', () => {
    const huge = { ...inEffect, maintenanceWorkMemBytes: 2 * GiB };
    const fitted = fitMemoryBudget(huge, host, workMem(4096), maintenance(2 * 1024 * 1024));
    expect(fitted.workMem).toBeGreaterThanOrEqual(64);
    expect(fitted.maintenance).toBeLessThan(2 * 1024 * 1024);
    expect(fitted.maintenance).toBeGreaterThanOrEqual(1024);
    // Exactly the room left with work_mem at its floor.
    const room = Math.floor(maintenanceWorkMemCeilingBytes({ ...huge, workMemBytes: 64 * kB }, host) / kB);
    expect(fitted).toEqual({ workMem: 64, maintenance: room });
    expect(fitMemoryBudget(huge, host, workMem(4096)).maintenance).toBeUndefined();
  });
});
