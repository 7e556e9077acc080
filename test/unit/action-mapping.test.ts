import { describe, expect, it } from 'vitest';
import { actionToKnobs, knobsToAction, type KnobDimensionLike } from '../../knobs/action-mapping';
import { memoryUnitBytes, workMemCeilingBytes, type MemoryBudget } from '../../knobs/memory-ceilings';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

// work_mem 64 kB = 2^6 .. 2 GiB = 2^21 kB, so its log scale is 15 doublings wide.
const workMem: KnobDimensionLike = { name: 'work_mem', min: 64, max: 2097152, scale: 'log', unit: 'kB', integer: true };
const completion: KnobDimensionLike = { name: 'checkpoint_completion_target', min: 0, max: 1, scale: 'linear' };
const jit: KnobDimensionLike = { name: 'jit', min: 0, max: 0, scale: 'choice', choices: ['off', 'on'] };
const commitDelay: KnobDimensionLike = { name: 'commit_delay', min: 0, max: 100000, scale: 'log', unit: 'us', integer: true };
const pageCost: KnobDimensionLike = { name: 'random_page_cost', min: 1, max: 4, scale: 'linear' };
const dims = [workMem, completion, jit, commitDelay, pageCost];

const values = (settings: { value: string }[]) => settings.map((s) => s.value);

describe('actionToKnobs', () => {
  it('maps -1 to each range minimum and +1 to each maximum', () => {
    expect(values(actionToKnobs([-1, -1, -1, -1, -1], dims))).toEqual(['64', '0', 'off', '0', '1']);
    expect(values(actionToKnobs([1, 1, 1, 1, 1], dims))).toEqual(['2097152', '1', 'on', '100000', '4']);
  });

  it('maps 0 to the geometric mean on log knobs and the midpoint on linear ones', () => {
    // work_mem: sqrt(2^6 * 2^21) = 2^13.5 = 11585.24 -> 11585
    // commit_delay (min 0, shift 1): sqrt(1 * 100001) - 1 = 316.229 - 1 = 315.229 -> 315
    // checkpoint_completion_target: 0.5; random_page_cost: (1 + 4) / 2 = 2.5; jit: t = 0.5 -> bin 1 "on"
    expect(values(actionToKnobs([0, 0, 0, 0, 0], dims))).toEqual(['11585', '0.5', 'on', '315', '2.5']);
  });

  it('rounds integer knobs and keeps six significant digits on real ones', () => {
    // work_mem at -0.5: t = 0.25 -> 2^(6 + 0.25 * 15) = 2^9.75 = 861.08 -> 861
    // completion at -1/3: t = 1/3 -> 0.333333...
    const [wm, cct] = actionToKnobs([-0.5, -1 / 3], [workMem, completion]);
    expect(wm!.value).toBe('861');
    expect(cct!.value).toBe('0.333333');
  });

  it('clamps actions outside [-1,1] to the range edges', () => {
    expect(values(actionToKnobs([7, -3, 1.5, -1.01, 1e9], dims))).toEqual(['2097152', '0', 'on', '0', '4']);
  });

  it('splits a choice knob into equal bins', () => {
    const level: KnobDimensionLike = { name: 'wal_compression', min: 0, max: 0, scale: 'choice', choices: ['off', 'pglz', 'lz4'] };
    // bins of t = (a + 1) / 2: [0, 1/3) off, [1/3, 2/3) pglz, [2/3, 1] lz4
    expect([-1, -0.34, -0.33, 0.33, 0.34, 1].map((a) => actionToKnobs([a], [level])[0]!.value)).toEqual([
      'off', 'off', 'pglz', 'pglz', 'lz4', 'lz4',
    ]);
  });

  it('rejects NaN and infinite actions, naming the index', () => {
    expect(() => actionToKnobs([0, 0, Number.NaN, 0, 0], dims)).toThrow(/action\[2\]: must be a finite number/);
    expect(() => actionToKnobs([Number.POSITIVE_INFINITY, 0, 0, 0, 0], dims)).toThrow(/action\[0\]/);
  });

  it('rejects an action of the wrong length and a malformed dimension', () => {
    expect(() => actionToKnobs([0], dims)).toThrow(/action: has 1 values, the knob space has 5/);
    expect(() => actionToKnobs([0], [{ ...completion, scale: 'cubic' }])).toThrow(/scale must be log, linear or choice/);
    expect(() => actionToKnobs([0], [{ ...completion, min: 2, max: 1 }])).toThrow(/min <= max/);
    expect(() => actionToKnobs([0], [{ ...jit, choices: [] }])).toThrow(/at least one choice/);
  });
});

describe('knobsToAction', () => {
  const settings = (v: string[]) => dims.map((d, i) => ({ name: d.name, value: v[i]! }));

  it('maps range edges to -1 and +1 and choices to their bin centres', () => {
    expect(knobsToAction(settings(['64', '0', 'off', '0', '1']), dims)).toEqual([-1, -1, -0.5, -1, -1]);
    expect(knobsToAction(settings(['2097152', '1', 'on', '100000', '4']), dims)).toEqual([1, 1, 0.5, 1, 1]);
  });

  it('inverts the log scale: the geometric mean maps to 0', () => {
    // 2^13.5 = 11585.237 -> t = (13.5 - 6) / 15 = 0.5 -> 0
    expect(knobsToAction([{ name: 'work_mem', value: String(2 ** 13.5) }], [workMem])[0]).toBeCloseTo(0, 12);
    // 4096 kB = 2^12 -> t = (12 - 6) / 15 = 0.4 -> -0.2
    expect(knobsToAction([{ name: 'work_mem', value: '4096' }], [workMem])[0]).toBeCloseTo(-0.2, 12);
  });

  it('maps values outside the safe range to its edge', () => {
    expect(knobsToAction([{ name: 'work_mem', value: '1' }, { name: 'random_page_cost', value: '10' }], [workMem, pageCost])).toEqual([-1, 1]);
  });

  it('round-trips a configuration: knobs -> action -> the same knobs', () => {
    const baseline = settings(['4096', '0.9', 'on', '0', '1.1']);
    expect(actionToKnobs(knobsToAction(baseline, dims), dims)).toEqual(baseline);
  });

  it('is stable after one pass for arbitrary actions', () => {
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let trial = 0; trial < 200; trial++) {
      const knobs = actionToKnobs(dims.map(next), dims);
      expect(actionToKnobs(knobsToAction(knobs, dims), dims)).toEqual(knobs);
    }
  });

  it('names a missing knob, an unknown choice and a non-number', () => {
    expect(() => knobsToAction([], [workMem])).toThrow(/knobs\.work_mem: missing/);
    expect(() => knobsToAction([{ name: 'jit', value: 'maybe' }], [jit])).toThrow(/"maybe" is not one of off, on/);
    expect(() => knobsToAction([{ name: 'work_mem', value: '4MB' }], [workMem])).toThrow(/"4MB" is not a number/);
    expect(() => knobsToAction([{ name: 'work_mem', value: ' ' }], [workMem])).toThrow(/is not a number/);
  });
});

describe('memory budget', () => {
  // 10 GiB host at 80%: 8 GiB for shared_buffers + maintenance_work_mem + 100 * work_mem
  const budget: MemoryBudget = {
    hostMemoryBytes: 10 * GiB,
    maxConnections: 100,
    sharedBuffersBytes: 1 * GiB,
    maintenanceWorkMemBytes: 64 * MiB,
  };
  const maintenance: KnobDimensionLike = { name: 'maintenance_work_mem', min: 1024, max: 1048576, scale: 'log', unit: 'kB', integer: true };
  const sharedBuffers: KnobDimensionLike = { name: 'shared_buffers', min: 16384, max: 524288, scale: 'log', unit: '8kB', integer: true };

  it('computes the work_mem ceiling', () => {
    // (8 GiB - 1 GiB - 64 MiB) / 100 = (8589934592 - 1073741824 - 67108864) / 100 = 74490839.04 -> 74490839
    expect(workMemCeilingBytes(budget)).toBe(74490839);
    // 50% of RAM: (5 GiB - 1 GiB - 64 MiB) / 100 = 4227858432 / 100 -> 42278584
    expect(workMemCeilingBytes({ ...budget, fractionOfRam: 0.5 })).toBe(42278584);
  });

  it('scales work_mem down using maintenance_work_mem from the action', () => {
    // maintenance_work_mem at +1 = 1 GiB; (8 GiB - 1 GiB - 1 GiB) / 100 = 64424509.44 B
    // -> 64424509 / 1024 = 62914.56 -> 62914 kB (work_mem asked for 2097152)
    const knobs = actionToKnobs([1, 1], [workMem, maintenance], { memoryBudget: budget });
    expect(values(knobs)).toEqual(['62914', '1048576']);
  });

  it('counts shared_buffers from the action when it is tuned', () => {
    // shared_buffers at +1 = 524288 * 8 kB = 4 GiB; in-effect maintenance_work_mem 64 MiB
    // (8 GiB - 4 GiB - 64 MiB) / 100 = 42278584.32 B -> 41287.68 kB -> 41287
    const knobs = actionToKnobs([1, 1], [workMem, sharedBuffers], { memoryBudget: budget });
    expect(values(knobs)).toEqual(['41287', '524288']);
  });

  it('leaves a work_mem within the budget alone', () => {
    expect(values(actionToKnobs([-1], [workMem], { memoryBudget: budget }))).toEqual(['64']);
  });

  it('falls back to the knob minimum when the rest already exceeds the budget', () => {
    // 0.8 GiB budget < 1 GiB shared_buffers -> negative ceiling -> work_mem min 64
    expect(values(actionToKnobs([1], [workMem], { memoryBudget: { ...budget, hostMemoryBytes: GiB } }))).toEqual(['64']);
  });

  it('rejects a memory knob without a memory unit and a bad budget', () => {
    expect(() => actionToKnobs([1], [{ ...workMem, unit: 'ms' }], { memoryBudget: budget })).toThrow(/work_mem\.unit/);
    expect(() => workMemCeilingBytes({ ...budget, maxConnections: 0 })).toThrow(/maxConnections/);
    expect(() => workMemCeilingBytes({ ...budget, fractionOfRam: 1.5 })).toThrow(/fractionOfRam/);
  });

  it('reads pg_settings memory units', () => {
    expect([memoryUnitBytes('kB'), memoryUnitBytes('8kB'), memoryUnitBytes('MB'), memoryUnitBytes('B')]).toEqual([1024, 8192, MiB, 1]);
    expect(memoryUnitBytes('ms')).toBeUndefined();
    expect(memoryUnitBytes('')).toBeUndefined();
  });
});
