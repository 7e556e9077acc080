import { describe, expect, it } from 'vitest';
import type { Metric__Output } from '../../proto/generated/autotune/v1/Metric';
import type { MetricSnapshot__Output } from '../../proto/generated/autotune/v1/MetricSnapshot';
import type { KnobDimensionLike } from '../../knobs/action-mapping';
import { KNOB_STATE_PREFIX, StateVector, knobPosition } from '../../services/environment/state-vector';
import { snapshotRates } from '../../lib/metrics/snapshot-rates';

const workMem: KnobDimensionLike = { name: 'work_mem', min: 64, max: 65536, scale: 'log', unit: 'kB', integer: true };
const completion: KnobDimensionLike = { name: 'checkpoint_completion_target', min: 0.5, max: 0.9, scale: 'linear' };
const jit: KnobDimensionLike = { name: 'jit', min: 0, max: 0, scale: 'choice', choices: ['off', 'on'] };

function snapshot(takenAtMs: number, values: Record<string, number>, gauges: string[] = ['database.numbackends']): MetricSnapshot__Output {
  const metrics: Metric__Output[] = Object.entries(values).map(([name, value]) => ({ name, value, counter: !gauges.includes(name) }));
  return { takenAtMs, metrics, serverVersionNum: 150000 };
}

const BEFORE = {
  'wal.wal_bytes': 1000,
  'database.xact_commit': 100,
  'database.xact_rollback': 0,
  'database.blks_hit': 90,
  'database.blks_read': 10,
  'database.temp_bytes': 0,
  'database.numbackends': 1,
};

describe('StateVector layout', () => {
  it('names every rate the window will carry, the derived ratios and one knob.<name> per knob, sorted by name', () => {
    const state = StateVector.fromSnapshot(snapshot(0, BEFORE), [workMem, completion]);
    expect(state.names).toEqual([
      'database.blks_hit',
      'database.blks_read',
      'database.numbackends',
      'database.temp_bytes',
      'database.xact_commit',
      'database.xact_rollback',
      'derived.buffer_hit_ratio',
      'derived.temp_bytes_per_xact',
      'knob.checkpoint_completion_target',
      'knob.work_mem',
      'wal.wal_bytes',
    ]);
    expect(state.length).toBe(11);
  });

  it('does not depend on the order the snapshot or the knobs come in', () => {
    const reversed = snapshot(0, Object.fromEntries(Object.entries(BEFORE).reverse()));
    const a = StateVector.fromSnapshot(snapshot(0, BEFORE), [workMem, completion]);
    const b = StateVector.fromSnapshot(reversed, [completion, workMem]);
    expect(b.names).toEqual(a.names);
  });

  it('orders by code unit, not locale: upper case before lower, "_" after letters', () => {
    const state = StateVector.fromNames(['b_x', 'bx', 'B', 'a.z', 'a_b'], []);
    expect(state.names).toEqual(['B', 'a.z', 'a_b', 'b_x', 'bx']);
  });

  it('refuses a metric that would collide with the knob prefix', () => {
    expect(() => StateVector.fromNames([`${KNOB_STATE_PREFIX}work_mem`], [workMem])).toThrow(/collides/);
  });
});

describe('StateVector.build', () => {
  const before = snapshot(10_000, BEFORE);
  const after = snapshot(12_000, {
    ...BEFORE,
    'wal.wal_bytes': 5000,
    'database.xact_commit': 300,
    'database.blks_hit': 270,
    'database.blks_read': 30,
    'database.numbackends': 3,
  });
  const rates = snapshotRates(before, after);

  it('puts each rate at its name and each knob position at knob.<name>', () => {
    const state = StateVector.fromSnapshot(before, [workMem, completion]);
    const vector = state.build(rates, [
      { name: 'work_mem', value: '2048' },
      { name: 'checkpoint_completion_target', value: '0.9' },
    ]);
    const at = (name: string) => vector[state.names.indexOf(name)];
    expect(vector).toHaveLength(state.length);
    expect(at('database.xact_commit')).toBe(100); // 200 commits in 2 s
    expect(at('wal.wal_bytes')).toBe(2000);
    expect(at('database.numbackends')).toBe(3); // a gauge, as last seen
    expect(at('derived.buffer_hit_ratio')).toBeCloseTo(0.9);
    // 2048 kB on 64 .. 65536 kB (2^6 .. 2^16): 2^11 is halfway on the log scale -> 0
    expect(at('knob.work_mem')).toBeCloseTo(0, 12);
    expect(at('knob.checkpoint_completion_target')).toBeCloseTo(1, 12);
  });

  it('normalizes knob positions into [-1,1], clamping values outside the safe range to its edges', () => {
    expect(knobPosition('64', workMem)).toBe(-1);
    expect(knobPosition('65536', workMem)).toBe(1);
    expect(knobPosition('1', workMem)).toBe(-1);
    expect(knobPosition('10000000', workMem)).toBe(1);
    expect(knobPosition('0.7', completion)).toBeCloseTo(0, 12);
    expect(knobPosition('off', jit)).toBe(-0.5);
    expect(knobPosition('on', jit)).toBe(0.5);
  });

  it('reads 0 for a value the space cannot place', () => {
    expect(knobPosition('maybe', jit)).toBe(0);
    expect(knobPosition('lots', workMem)).toBe(0);
  });

  it('keeps its length when a metric vanishes (0) or appears (ignored), and turns non-finite values into 0', () => {
    const state = StateVector.fromSnapshot(before, [workMem]);
    const partial = {
      windowS: 1,
      metrics: [
        { name: 'database.xact_commit', value: Number.NaN, counter: true },
        { name: 'statements.calls', value: 7, counter: true },
      ],
    };
    const vector = state.build(partial, [{ name: 'work_mem', value: '64' }]);
    expect(vector).toHaveLength(state.length);
    expect(vector.every(Number.isFinite)).toBe(true);
    expect(vector[state.names.indexOf('database.xact_commit')]).toBe(0);
    expect(vector[state.names.indexOf('wal.wal_bytes')]).toBe(0);
    expect(vector[state.names.indexOf('knob.work_mem')]).toBe(-1);
  });

  it('without a measured window: metrics 0, knob positions still filled in; a missing knob sits mid-range', () => {
    const state = StateVector.fromSnapshot(before, [workMem, completion]);
    const vector = state.build(null, [{ name: 'checkpoint_completion_target', value: '0.5' }]);
    expect(vector[state.names.indexOf('knob.checkpoint_completion_target')]).toBe(-1);
    expect(vector[state.names.indexOf('knob.work_mem')]).toBe(0);
    expect(vector.filter((v) => v !== 0)).toEqual([-1]);
  });
});
