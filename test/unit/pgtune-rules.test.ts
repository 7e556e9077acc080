import { describe, expect, it } from 'vitest';
import { findKnobSpec, safeRange } from '../../knobs/knob-catalog';
import type { NumericRange } from '../../knobs/knob-spec';
import { checkMemoryBudget } from '../../knobs/memory-budget';
import { pgtuneRules, rulesConfiguration, type PgtuneInputs } from '../../knobs/pgtune-rules';

const GiB = 1024 ** 3;
const PG15 = 150_004;

/** The brief's host: 16 GiB, 4 CPUs, 100 connections, SSD, OLTP. */
const OLTP_16G: PgtuneInputs = { memoryBytes: 16 * GiB, cpus: 4, maxConnections: 100, serverVersionNum: PG15, storage: 'ssd', workload: 'oltp' };

const asObject = (m: Map<string, number>) => Object.fromEntries(m);
const settingsObject = (settings: { name: string; value: string }[]) => Object.fromEntries(settings.map((s) => [s.name, Number(s.value)]));

describe('pgtuneRules: PGTune\'s published rules', () => {
  it('16 GiB, 4 CPUs, 100 connections, SSD, OLTP: the numbers PGTune prints', () => {
    // PGTune prints shared_buffers = 4GB, effective_cache_size = 12GB, maintenance_work_mem = 1GB,
    // checkpoint_completion_target = 0.9, wal_buffers = 16MB, random_page_cost = 1.1,
    // effective_io_concurrency = 200, work_mem = 40329kB ((16 GiB - 4 GiB) / ((100 + 4) x 3)),
    // max_wal_size = 8GB, max_parallel_workers_per_gather = 2; here in base units (8 kB pages).
    expect(asObject(pgtuneRules(OLTP_16G))).toEqual({
      shared_buffers: 524_288,
      effective_cache_size: 1_572_864,
      maintenance_work_mem: 1_048_576,
      checkpoint_completion_target: 0.9,
      wal_buffers: 2048,
      random_page_cost: 1.1,
      effective_io_concurrency: 200,
      max_wal_size: 8192,
      max_parallel_workers_per_gather: 2,
      work_mem: 40_329,
    });
  });

  it('follows the workload and the storage', () => {
    const dw = asObject(pgtuneRules({ ...OLTP_16G, workload: 'dw', storage: 'hdd', cpus: 16 }));
    // dw: maintenance RAM/8 (2 GB cap), half the work_mem, 16 GB of WAL, half the CPUs per Gather without the cap of 4.
    expect(dw).toMatchObject({ maintenance_work_mem: 2_097_152, max_wal_size: 16_384, max_parallel_workers_per_gather: 8, random_page_cost: 4, effective_io_concurrency: 2 });
    expect(dw.work_mem).toBe(Math.floor(12_582_912 / ((100 + 16) * 3) / 2));
    const desktop = asObject(pgtuneRules({ ...OLTP_16G, workload: 'desktop', storage: 'san' }));
    // desktop: shared_buffers RAM/16, effective_cache_size RAM/4, work_mem a sixth.
    expect(desktop).toMatchObject({ shared_buffers: 131_072, effective_cache_size: 524_288, max_wal_size: 2048, effective_io_concurrency: 300, random_page_cost: 1.1 });
    expect(desktop.work_mem).toBe(Math.floor((16 * 1024 * 1024 - 1024 * 1024) / (104 * 3) / 6));
    // 3% of a 256 MB shared_buffers is 7864 kB: 983 pages.
    expect(pgtuneRules({ ...OLTP_16G, memoryBytes: GiB }).get('wal_buffers')).toBe(983);
  });

  it('sets no parallelism below 4 CPUs and then counts the 8 default worker processes for work_mem', () => {
    const two = pgtuneRules({ ...OLTP_16G, cpus: 2 });
    expect(two.has('max_parallel_workers_per_gather')).toBe(false);
    expect(two.get('work_mem')).toBe(Math.floor(12_582_912 / ((100 + 8) * 3)));
  });

  it('refuses inputs it cannot work with, naming them', () => {
    expect(() => pgtuneRules({ ...OLTP_16G, memoryBytes: 0 })).toThrow(/rules\.memoryBytes: must be > 0/);
    expect(() => pgtuneRules({ ...OLTP_16G, maxConnections: 0 })).toThrow(/rules\.maxConnections/);
    expect(() => pgtuneRules({ ...OLTP_16G, serverVersionNum: 90_624 })).toThrow(/rules\.serverVersionNum: PGTune's rules are for PostgreSQL 10 and later/);
    expect(() => pgtuneRules({ ...OLTP_16G, workload: 'batch' as never })).toThrow(/rules\.workload: must be one of web, oltp, dw, mixed, desktop/);
  });
});

describe('rulesConfiguration: the rules within the safe catalog', () => {
  it('leaves PGTune\'s values alone where they are already safe, in catalog order', () => {
    const { settings, clamped } = rulesConfiguration(OLTP_16G);
    expect(clamped).toEqual([]);
    expect(settingsObject(settings)).toEqual(asObject(pgtuneRules(OLTP_16G)));
    expect(settings.map((s) => s.name)).toEqual([
      'work_mem', 'maintenance_work_mem', 'checkpoint_completion_target', 'effective_cache_size', 'shared_buffers',
      'max_wal_size', 'wal_buffers', 'random_page_cost', 'effective_io_concurrency', 'max_parallel_workers_per_gather',
    ]);
  });

  it('raises a desktop shared_buffers to the catalog floor of 128 MB and says so', () => {
    const host = { ...OLTP_16G, memoryBytes: GiB, workload: 'desktop' as const };
    const { settings, clamped } = rulesConfiguration(host);
    expect(clamped).toContainEqual({ name: 'shared_buffers', rule: 8192, value: 16_384, limit: expect.stringMatching(/^safe range 16384\.\./) });
    expect(settingsObject(settings).shared_buffers).toBe(16_384);
  });

  it('lowers a data warehouse\'s work_mem to the memory budget (maintenance_work_mem RAM/8 for each of 3 autovacuum workers)', () => {
    const host = { ...OLTP_16G, workload: 'dw' as const };
    const { settings, clamped } = rulesConfiguration(host);
    const rule = pgtuneRules(host).get('work_mem')!;
    const values = settingsObject(settings);
    expect(clamped).toEqual([{ name: 'work_mem', rule, value: values.work_mem, limit: 'memory budget' }]);
    // 80% of 16 GiB - 4 GiB shared_buffers - 16 MB wal_buffers - 4 x 2 GiB maintenance, over 100 connections.
    expect(values.work_mem).toBe(Math.floor((0.8 * 16 * GiB - 4 * GiB - 16 * 1024 ** 2 - 8 * GiB) / 100 / 1024));
    // The collector's own check of the request passes.
    expect(() => checkMemoryBudget(new Map(Object.entries(values)), undefined, host)).not.toThrow();
    expect(() => checkMemoryBudget(pgtuneRules(host), undefined, host)).toThrow(/memory budget is exceeded/);
    // With more autovacuum workers, work_mem alone cannot make room: maintenance_work_mem gives way too.
    const crowded = rulesConfiguration(host, { autovacuumMaxWorkers: 5 });
    expect(crowded.clamped.map((c) => c.name)).toEqual(['maintenance_work_mem', 'work_mem']);
    expect(settingsObject(crowded.settings).work_mem).toBe((safeRange(findKnobSpec('work_mem')!, host) as NumericRange).min);
  });

  it('keeps every value inside the catalog range on small and large hosts', () => {
    for (const memoryBytes of [0.5 * GiB, GiB, 4 * GiB, 64 * GiB, 1024 * GiB]) {
      for (const workload of ['web', 'oltp', 'dw', 'mixed', 'desktop'] as const) {
        const host = { ...OLTP_16G, memoryBytes, workload, cpus: 64, maxConnections: 20 };
        for (const { name, value } of rulesConfiguration(host).settings) {
          const range = safeRange(findKnobSpec(name)!, host) as NumericRange;
          expect(Number(value), `${name} on ${memoryBytes / GiB} GiB ${workload}`).toBeGreaterThanOrEqual(range.min);
          expect(Number(value), `${name} on ${memoryBytes / GiB} GiB ${workload}`).toBeLessThanOrEqual(range.max);
        }
      }
    }
  });
});
