import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import { SyntheticEnvironment } from '../../model/synthetic-environment';
import { formatValue, SyntheticTarget } from '../../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../../services/trainer/synthetic-tuning-environment';

function target(): SyntheticTarget {
  return new SyntheticTarget(new SyntheticEnvironment({ knobs: 3, metrics: 4, seed: 2 }));
}

const request = { knobs: [], benchmark: { clients: 4, durationS: 2 } };

describe('the synthetic environment as a TuningEnvironment', () => {
  it('tunes every knob by default, from the configuration the target holds', async () => {
    const env = await syntheticEnvironment(target())(request);
    expect(env.actionSpace.map((d) => [d.name, d.min, d.max, d.baseline])).toEqual([
      ['synthetic_1', -1, 1, '0.00'],
      ['synthetic_2', -1, 1, '0.00'],
      ['synthetic_3', -1, 1, '0.00'],
    ]);
    expect(env.stateNames).toEqual(['throughput', 'metric_1', 'metric_2', 'metric_3']);
  });

  it('rewards the relative throughput gain over the last reset, with the knobs as applied (rounded) and the surface as judge', async () => {
    const t = target();
    const env = await syntheticEnvironment(t)(request);
    const base = await env.reset();
    const { outcome, reward, failed } = await env.step([0.123, -0.5, 2]);
    expect(failed).toBe(false);
    expect(outcome.knobs).toEqual([
      { name: 'synthetic_1', value: '0.12' },
      { name: 'synthetic_2', value: '-0.50' },
      { name: 'synthetic_3', value: '1.00' },
    ]);
    expect(outcome.benchmark!.tps).toBeCloseTo(t.surface.performance([0.12, -0.5, 1]), 6);
    expect(reward).toBeCloseTo((outcome.benchmark!.tps - base.benchmark!.tps) / base.benchmark!.tps, 12);
    expect(outcome.benchmark!.latency!.avgMs).toBeCloseTo(4000 / outcome.benchmark!.tps, 9);
    expect(outcome.state).toHaveLength(4);
  });

  it('measures given knob values, and close() puts back the configuration found unless told to keep it', async () => {
    const t = target();
    const open = syntheticEnvironment(t);
    const first = await open(request);
    await first.measure([{ name: 'synthetic_2', value: '0.3' }]);
    expect(t.knobs()[1]).toEqual({ name: 'synthetic_2', value: '0.30' });
    await first.close(true, []);
    const second = await open({ ...request, knobs: ['synthetic_2'] });
    expect(second.actionSpace).toEqual([expect.objectContaining({ name: 'synthetic_2', baseline: '0.30' })]);
    await second.close(false, [{ name: 'synthetic_3', value: '0.5' }]);
    // The configuration found, then the session's recorded original on top of it.
    expect(t.knobs().map((k) => k.value)).toEqual(['0.00', '0.00', '0.50']);
    await expect(second.measure([])).rejects.toThrow(FailedPreconditionError);
  });

  it('refuses unknown knobs, values outside [-1, 1], a wrong action length and a step before reset, naming the field', async () => {
    const t = target();
    await expect(syntheticEnvironment(t)({ ...request, knobs: ['work_mem'] })).rejects.toThrow(/^knobs\[0\]: "work_mem" is not a knob/);
    const env = await syntheticEnvironment(t)(request);
    await expect(env.step([0, 0, 0])).rejects.toThrow(FailedPreconditionError);
    await env.reset();
    await expect(env.step([0, 0])).rejects.toThrow(/^action: expected 3 values, got 2/);
    await expect(env.measure([{ name: 'synthetic_1', value: '1.5' }])).rejects.toThrow(InvalidArgumentError);
    await expect(env.measure([{ name: 'synthetic_1', value: '' }])).rejects.toThrow(/^knobs.synthetic_1: must be a number in \[-1, 1\]/);
    await expect(env.measure([{ name: 'synthetic_1', value: '0.5' }, { name: 'nope', value: '0' }])).rejects.toThrow(/^knobs.nope:/);
    // A refused request changes nothing.
    expect(t.knobs()[0]!.value).toBe('0.00');
  });

  it('writes a value that rounds to zero as 0.00', () => {
    expect([formatValue(-0.001), formatValue(0.006), formatValue(-1)]).toEqual(['0.00', '0.01', '-1.00']);
  });
});
