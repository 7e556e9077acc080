import { describe, expect, it } from 'vitest';
import { actionToKnobs, knobsToAction, type KnobDimensionLike } from '../../knobs/action-mapping';
import { workMemCeilingBytes, type MemoryBudget, type MemoryTerms } from '../../knobs/memory-budget';

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
    // Exploration noise pushes actions out of the box: a choice knob below -1 still takes its
    // first choice (its bin index would be negative), a numeric knob above 1 its maximum.
    expect(values(actionToKnobs([1.7, 0, -1.5, 0, 1.7], dims))).toEqual(['2097152', '0.5', 'off', '315', '4']);
    expect(values(actionToKnobs([-1.5, -1.5], [jit, { name: 'wal_compression', min: 0, max: 0, scale: 'choice', choices: ['off', 'pglz', 'lz4'] }]))).toEqual(['off', 'off']);
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

  it('names the dimension it refuses by index and name, and refuses each non-finite bound alone', () => {
    expect(() => actionToKnobs([0, 0], [completion, { ...pageCost, scale: 'cubic' }])).toThrow(/^dims\[1\] \(random_page_cost\): scale must/);
    for (const bounds of [{ min: Number.NaN }, { max: Number.POSITIVE_INFINITY }, { min: Number.NEGATIVE_INFINITY }]) {
      expect(() => actionToKnobs([0], [{ ...completion, ...bounds }]), JSON.stringify(bounds)).toThrow(/^dims\[0\] \(checkpoint_completion_target\): needs finite min <= max/);
    }
  });

  it('takes a range of one value (min = max), and a log range starting below 0 reaches its minimum', () => {
    const fixed: KnobDimensionLike = { name: 'random_page_cost', min: 2, max: 2, scale: 'log' };
    expect(values(actionToKnobs([-1], [fixed]))).toEqual(['2']);
    // shift = 1 - min = 2: log(value + 2) from log(1) to log(102).
    const below: KnobDimensionLike = { name: 'commit_delay', min: -1, max: 100, scale: 'log', integer: true };
    expect(values(actionToKnobs([-1], [below]))).toEqual(['-1']);
    expect(values(actionToKnobs([1], [below]))).toEqual(['100']);
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

  it('maps a range of one value to the middle of the action box', () => {
    expect(knobsToAction([{ name: 'random_page_cost', value: '2' }], [{ name: 'random_page_cost', min: 2, max: 2, scale: 'linear' }])).toEqual([0]);
    expect(knobsToAction([{ name: 'work_mem', value: '4096' }], [{ ...workMem, min: 4096, max: 4096 }])).toEqual([0]);
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
    expect(() => knobsToAction([{ name: 'jit', value: 'maybe' }], [jit])).toThrow(/^knobs\.jit: "maybe" is not one of off, on/);
    expect(() => knobsToAction([{ name: 'work_mem', value: '4MB' }], [workMem])).toThrow(/^knobs\.work_mem: "4MB" is not a number/);
    expect(() => knobsToAction([{ name: 'work_mem', value: ' ' }], [workMem])).toThrow(/is not a number/);
  });
});

describe('memory budget', () => {
  // 10 GiB host at 80%: 8 GiB for shared_buffers + wal_buffers + 100 x work_mem + 4 x maintenance_work_mem (3 autovacuum workers)
  const host = { memoryBytes: 10 * GiB, maxConnections: 100 };
  const inEffect: MemoryTerms = {
    sharedBuffersBytes: 1 * GiB,
    walBuffersBytes: 16 * MiB,
    workMemBytes: 4 * MiB,
    maintenanceWorkMemBytes: 64 * MiB,
    autovacuumWorkMemBytes: -1,
    autovacuumMaxWorkers: 3,
  };
  const budget: MemoryBudget = { host, inEffect };
  const maintenance: KnobDimensionLike = { name: 'maintenance_work_mem', min: 1024, max: 1048576, scale: 'log', unit: 'kB', integer: true };
  const sharedBuffers: KnobDimensionLike = { name: 'shared_buffers', min: 16384, max: 524288, scale: 'log', unit: '8kB', integer: true };
  const walBuffers: KnobDimensionLike = { name: 'wal_buffers', min: 8, max: 8192, scale: 'log', unit: '8kB', integer: true };

  it('computes the work_mem ceiling', () => {
    // (8 GiB - 1 GiB - 16 MiB - 4 x 64 MiB) / 100 = (8589934592 - 1073741824 - 16777216 - 268435456) / 100 = 72309800.96 -> 72309800
    expect(workMemCeilingBytes(inEffect, host)).toBe(72309800);
    // autovacuum_work_mem 128 MiB per worker: (8589934592 - 1073741824 - 16777216 - 3 x 134217728 - 67108864) / 100 = 70296535.04
    expect(workMemCeilingBytes({ ...inEffect, autovacuumWorkMemBytes: 128 * MiB }, host)).toBe(70296535);
  });

  it('scales work_mem down using maintenance_work_mem from the action', () => {
    // maintenance_work_mem at +1 = 1 GiB, 4 copies; (8589934592 - 1073741824 - 16777216 - 4294967296) / 100 = 32044482.56 B
    // -> 32044482 / 1024 = 31293.44 -> 31293 kB (work_mem asked for 2097152)
    const knobs = actionToKnobs([1, 1], [workMem, maintenance], { memoryBudget: budget });
    expect(values(knobs)).toEqual(['31293', '1048576']);
  });

  it('counts shared_buffers from the action when it is tuned, and the automatic wal_buffers it implies', () => {
    // shared_buffers at +1 = 524288 x 8 kB = 4 GiB; wal_buffers 16 MiB; maintenance_work_mem 4 x 64 MiB
    // (8589934592 - 4294967296 - 16777216 - 268435456) / 100 = 40097546.24 B -> 39157.76 kB -> 39157
    expect(values(actionToKnobs([1, 1], [workMem, sharedBuffers], { memoryBudget: budget }))).toEqual(['39157', '524288']);
    // shared_buffers at -1 = 128 MiB, wal_buffers -1 = 1/32 of it = 4 MiB:
    // (8589934592 - 134217728 - 4194304 - 268435456) / 100 = 81830871.04 B -> 79912.96 kB -> 79912
    const auto = { ...budget, inEffect: { ...inEffect, walBuffersBytes: -1 } };
    expect(values(actionToKnobs([1, -1], [workMem, sharedBuffers], { memoryBudget: auto }))).toEqual(['79912', '16384']);
  });

  it('counts wal_buffers from the action when it is tuned', () => {
    // wal_buffers at -1 = 8 x 8 kB = 64 kB: (8589934592 - 1073741824 - 65536 - 268435456) / 100 = 72476917.76 B -> 70778.24 kB
    expect(values(actionToKnobs([1, -1], [workMem, walBuffers], { memoryBudget: budget }))).toEqual(['70778', '8']);
  });

  it('leaves a work_mem within the budget alone', () => {
    expect(values(actionToKnobs([-1], [workMem], { memoryBudget: budget }))).toEqual(['64']);
  });

  it('falls back to the knob minimum when the rest already exceeds the budget', () => {
    // 0.8 GiB budget < 1 GiB shared_buffers -> negative ceiling -> work_mem min 64
    expect(values(actionToKnobs([1], [workMem], { memoryBudget: { ...budget, host: { ...host, memoryBytes: GiB } } }))).toEqual(['64']);
  });

  it('finds work_mem and maintenance_work_mem wherever they are in the space, and leaves a space without work_mem alone', () => {
    // The same configurations as above, other knobs first.
    expect(values(actionToKnobs([1, 1, 1], [pageCost, maintenance, workMem], { memoryBudget: budget }))).toEqual(['4', '1048576', '31293']);
    expect(values(actionToKnobs([1, 1, 1], [sharedBuffers, pageCost, workMem], { memoryBudget: budget }))).toEqual(['524288', '4', '39157']);
    expect(values(actionToKnobs([1, 1], [maintenance, sharedBuffers], { memoryBudget: budget }))).toEqual(['1048576', '524288']);
  });

  it('lowers maintenance_work_mem when even work_mem at its minimum does not fit, never below its own minimum', () => {
    // 2 GiB host: budget 1717986918.4 B; shared_buffers 1 GiB + wal_buffers 16 MiB + 100 x 64 kB leave 620914278.4 B
    // for 4 copies of maintenance_work_mem: 155228569 B -> 151590 kB.
    const small = { ...budget, host: { ...host, memoryBytes: 2 * GiB } };
    expect(values(actionToKnobs([1, 1], [maintenance, workMem], { memoryBudget: small }))).toEqual(['151590', '64']);
    // 1 GiB host: shared_buffers alone exceeds 0.8 GiB; both fall back to their minimums.
    const tiny = { ...budget, host: { ...host, memoryBytes: GiB } };
    expect(values(actionToKnobs([1, 1], [maintenance, workMem], { memoryBudget: tiny }))).toEqual(['1024', '64']);
  });

  it('rejects a memory knob without a memory unit and a host without a budget', () => {
    expect(() => actionToKnobs([1], [{ ...workMem, unit: 'ms' }], { memoryBudget: budget })).toThrow(/^dims\.work_mem\.unit: "ms" is not a memory unit \(B, kB, 8kB, MB \.\.\.\)$/);
    expect(() => actionToKnobs([1], [{ name: 'work_mem', min: 64, max: 2097152, scale: 'log', integer: true }], { memoryBudget: budget })).toThrow(/^dims\.work_mem\.unit: "" is not a memory unit/);
    expect(() => workMemCeilingBytes(inEffect, { ...host, maxConnections: 0 })).toThrow(/memoryBudget\.host\.maxConnections: must be an integer >= 1/);
    expect(() => workMemCeilingBytes(inEffect, { ...host, memoryBytes: 0 })).toThrow(/memoryBudget\.host\.memoryBytes: must be > 0/);
  });
});
