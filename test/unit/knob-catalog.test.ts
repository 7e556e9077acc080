import { describe, expect, it } from 'vitest';
import type { HostResources } from '../../knobs/host-resources';
import { KNOB_CATALOG, NEVER_TUNABLE, findKnobSpec, safeRange } from '../../knobs/knob-catalog';
import { isChoiceKnob, type NumericRange } from '../../knobs/knob-spec';
import { unitsToBytes } from '../../knobs/knob-units';

const GiB = 1024 ** 3;
const HOSTS: HostResources[] = [
  { memoryBytes: 1 * GiB, cpus: 1, maxConnections: 500 },
  { memoryBytes: 16 * GiB, cpus: 4, maxConnections: 100 },
  { memoryBytes: 512 * GiB, cpus: 64, maxConnections: 2000 },
];

// pg_settings min_val / max_val of a stock PostgreSQL 15 (reference/postgres-facts.md).
const PG15_LIMITS: Record<string, [number, number]> = {
  work_mem: [64, 2147483647],
  maintenance_work_mem: [1024, 2147483647],
  checkpoint_completion_target: [0, 1],
  effective_cache_size: [1, 2147483647],
  wal_writer_delay: [1, 10000],
  checkpoint_timeout: [30, 86400],
  shared_buffers: [16, 1073741823],
  max_wal_size: [2, 2147483647],
  wal_buffers: [-1, 262143],
  commit_delay: [0, 100000],
  random_page_cost: [0, 1.8e308],
  effective_io_concurrency: [0, 1000],
  bgwriter_lru_maxpages: [0, 1073741823],
  max_parallel_workers_per_gather: [0, 1024],
};

const numericRange = (name: string, host: HostResources) => safeRange(findKnobSpec(name)!, host) as NumericRange;

describe('knob catalog', () => {
  it('never holds fsync or full_page_writes', () => {
    for (const name of NEVER_TUNABLE.keys()) expect(findKnobSpec(name)).toBeUndefined();
  });

  it('declares every numeric knob with a scale, a unit and special values outside its range', () => {
    for (const spec of KNOB_CATALOG) {
      expect(spec.name).toMatch(/^[a-z][a-z0-9_]*$/);
      if (isChoiceKnob(spec)) {
        expect(spec.allowed.length).toBeGreaterThan(0);
        continue;
      }
      for (const host of HOSTS) {
        const range = spec.range(host);
        expect(range.min, spec.name).toBeLessThanOrEqual(range.max);
        for (const special of spec.specialValues) expect(special < range.min || special > range.max, spec.name).toBe(true);
      }
    }
  });

  it('keeps every safe range within PostgreSQL 15 limits on every host', () => {
    for (const spec of KNOB_CATALOG) {
      if (isChoiceKnob(spec)) continue;
      const [pgMin, pgMax] = PG15_LIMITS[spec.name]!;
      for (const host of HOSTS) {
        const { min, max } = spec.range(host);
        expect(min, spec.name).toBeGreaterThanOrEqual(pgMin);
        expect(max, spec.name).toBeLessThanOrEqual(pgMax);
        for (const special of spec.specialValues) expect(special >= pgMin && special <= pgMax, spec.name).toBe(true);
      }
    }
  });

  it('scales memory ceilings with the host', () => {
    for (const host of HOSTS) {
      const ram = host.memoryBytes;
      expect(unitsToBytes(numericRange('shared_buffers', host).max, '8kB')).toBeLessThanOrEqual(0.4 * ram);
      expect(unitsToBytes(numericRange('effective_cache_size', host).max, '8kB')).toBeLessThanOrEqual(0.9 * ram);
      expect(unitsToBytes(numericRange('maintenance_work_mem', host).max, 'kB')).toBeLessThanOrEqual(Math.min(ram / 8, 2 * GiB));
      expect(unitsToBytes(numericRange('work_mem', host).max, 'kB') * host.maxConnections).toBeLessThanOrEqual(0.25 * ram);
      expect(numericRange('max_parallel_workers_per_gather', host).max).toBe(host.cpus);
    }
    expect(numericRange('work_mem', HOSTS[1]!)).toEqual({ min: 64, max: 41943 });
    expect(numericRange('shared_buffers', HOSTS[1]!)).toEqual({ min: 16384, max: 838860 });
  });

  it('offers only on/off for the durability knob, and marks its risk', () => {
    const spec = findKnobSpec('synchronous_commit')!;
    expect(safeRange(spec, HOSTS[0]!)).toEqual({ allowed: ['off', 'on'] });
    expect([spec.durabilityRisk, spec.groups]).toEqual(['may-lose-commits', ['durability']]);
  });
});
