import { NOISE_CONTROL_DEFAULTS } from '../../lib/session/session-limits';
import { describe, expect, it } from 'vitest';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { InvalidArgumentError } from '../../lib/core/errors';
import { DEFAULT_SESSION_BENCHMARK, applySessionDefaults, resolveSessionOptions } from '../../lib/session/session-options';
import { SESSION_DEFAULTS } from '../../lib/session/session-limits';

/** The field an InvalidArgumentError names, or a failure when `options` pass. */
function rejectedField(options: SessionOptions): string {
  try {
    applySessionDefaults(options);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return (err as InvalidArgumentError).field;
  }
  throw new Error(`options were accepted: ${JSON.stringify(options)}`);
}

// What grpc-js hands the service for an empty SessionOptions message (defaults: true).
const UNSET_OVER_GRPC: SessionOptions = {
  iterations: 0,
  benchmark: null,
  knobs: [],
  agent: '',
  verifyRepeats: 0,
  applyBest: false,
  seed: 0,
  checkpointEvery: 0,
  baselineEvery: 0,
  rewardTpsWeight: 0,
  rewardLatencyWeight: 0,
  allowDurabilityRisk: false,
  allowRestart: false,
  warmStart: '',
  rulesWorkload: '',
  rulesStorage: '',
};

describe('applySessionDefaults', () => {
  it('fills every field of nothing with the documented defaults', () => {
    expect(applySessionDefaults(undefined)).toEqual({
      iterations: 20,
      benchmark: DEFAULT_SESSION_BENCHMARK,
      knobs: [],
      agent: 'ddpg',
      verifyRepeats: 5,
      applyBest: false,
      requireApproval: false,
      seed: 0,
      checkpointEvery: 5,
      baselineEvery: 0,
      rewardTpsWeight: 0.6,
      rewardLatencyWeight: 0.4,
      allowDurabilityRisk: false,
      allowRestart: false,
      warmStart: 'none',
      rulesWorkload: 'oltp',
      rulesStorage: 'ssd',
      startKnobs: [],
      minGain: 0.03,
      verifyBudgetS: 0,
      ablationRounds: 3,
      remeasureTop: 0,
      continuous: false,
      watchIntervalS: 3600,
      watchRuns: 3,
      driftThreshold: 0.05,
      maxRounds: 0,
      mixThreshold: 0.25,
    });
  });

  it('checks the continuous options at the boundary, naming the field', () => {
    expect(applySessionDefaults({ continuous: true, watchIntervalS: 1, watchRuns: 5, driftThreshold: 0.1, maxRounds: 4 })).toMatchObject({
      continuous: true,
      watchIntervalS: 1,
      watchRuns: 5,
      driftThreshold: 0.1,
      maxRounds: 4,
    });
    expect(rejectedField({ continuous: true, watchIntervalS: 604_801 })).toBe('watch_interval_s');
    expect(rejectedField({ continuous: true, watchRuns: 2 })).toBe('watch_runs');
    expect(rejectedField({ continuous: true, driftThreshold: 0.6 })).toBe('drift_threshold');
    expect(rejectedField({ continuous: true, maxRounds: -1 })).toBe('max_rounds');
    expect(applySessionDefaults({ continuous: true, mixThreshold: 1 }).mixThreshold).toBe(1);
    expect(rejectedField({ continuous: true, mixThreshold: 0.01 })).toBe('mix_threshold');
    expect(rejectedField({ continuous: true, mixThreshold: 1.5 })).toBe('mix_threshold');
    expect(rejectedField({ continuous: true, verifyRepeats: 2 })).toBe('verify_repeats');
    expect(rejectedField({ continuous: true, startKnobs: [{ name: 'work_mem', value: '8MB' }] })).toBe('continuous');
  });

  it('takes remeasure_top as given, 0 (never) included, and refuses more than its limit', () => {
    expect(applySessionDefaults({ remeasureTop: 0 }).remeasureTop).toBe(0);
    expect(applySessionDefaults({ remeasureTop: 3 }).remeasureTop).toBe(3);
    expect(rejectedField({ remeasureTop: 11 })).toBe('remeasure_top');
  });

  it('runs the rules agent for exactly one step, and takes the PGTune inputs', () => {
    expect(applySessionDefaults({ agent: 'rules', iterations: 20 }).iterations).toBe(1);
    expect(applySessionDefaults({ agent: 'random', warmStart: 'rules', rulesWorkload: 'dw', rulesStorage: 'hdd' })).toMatchObject({
      iterations: 20,
      warmStart: 'rules',
      rulesWorkload: 'dw',
      rulesStorage: 'hdd',
    });
    expect(() => applySessionDefaults({ agent: 'rules', warmStart: 'rules' })).toThrow(/^warm_start: the rules agent's one step already is the rules configuration/);
    expect(() => applySessionDefaults({ warmStart: 'pgtune' })).toThrow('warm_start: must be one of none, rules, got "pgtune"');
    expect(() => applySessionDefaults({ rulesWorkload: 'batch' })).toThrow('rules_workload: must be one of web, oltp, dw, mixed, desktop, got "batch"');
    expect(() => applySessionDefaults({ rulesStorage: 'nvme' })).toThrow('rules_storage: must be one of ssd, hdd, san, got "nvme"');
  });

  it('reads proto3 zeros and empty strings as unset, the same as absent fields', () => {
    expect(applySessionDefaults(UNSET_OVER_GRPC)).toEqual(applySessionDefaults({}));
  });

  it('keeps given values and completes a given benchmark with its defaults', () => {
    const options = applySessionDefaults({
      iterations: 7,
      agent: 'ddpg++',
      verifyRepeats: 5,
      knobs: ['work_mem', 'extended', 'auto_explain.log_min_duration'],
      benchmark: { durationS: 10, scripts: [{ builtin: 'select-only' }] },
      rewardTpsWeight: 1,
      rewardLatencyWeight: 0,
      seed: 42,
      applyBest: true,
    });
    expect(options).toMatchObject({ iterations: 7, agent: 'ddpg++', verifyRepeats: 5, seed: 42, applyBest: true });
    expect(options.knobs).toEqual(['work_mem', 'extended', 'auto_explain.log_min_duration']);
    expect(options.benchmark).toEqual({
      scripts: [{ builtin: 'select-only', file: '', weight: 1 }],
      clients: 4,
      threads: 0,
      durationS: 10,
      warmupS: 0,
      protocol: 'prepared',
      progressIntervalS: 1,
      ...NOISE_CONTROL_DEFAULTS,
    });
    // One weight set and the other 0 is a deliberate choice, not "unset".
    expect([options.rewardTpsWeight, options.rewardLatencyWeight]).toEqual([1, 0]);
  });

  it('is idempotent, so the trainer can resolve options the service already completed', () => {
    const once = applySessionDefaults({ iterations: 3, benchmark: { durationS: 2, clients: 2 } });
    expect(applySessionDefaults(once)).toEqual(once);
    expect(applySessionDefaults(applySessionDefaults({}))).toEqual(applySessionDefaults({}));
  });

  it('allows restarts when the extended set is named, for every caller, so the stored row says what runs', () => {
    expect(applySessionDefaults({ knobs: ['work_mem', 'extended'] }).allowRestart).toBe(true);
    expect(applySessionDefaults({ knobs: ['default'], allowRestart: true }).allowRestart).toBe(true);
    expect(applySessionDefaults({ knobs: ['default', 'shared_buffers'] }).allowRestart).toBe(false);
    expect(applySessionDefaults({}).allowRestart).toBe(false);
    const stored = applySessionDefaults({ knobs: ['extended'] });
    expect(applySessionDefaults(stored)).toEqual(stored);
  });

  it('does not share the default benchmark between results', () => {
    const a = applySessionDefaults({});
    a.benchmark.scripts[0]!.weight = 99;
    expect(applySessionDefaults({}).benchmark.scripts[0]!.weight).toBe(1);
  });

  it('names the field of each value out of range', () => {
    expect(rejectedField({ iterations: 1001 })).toBe('iterations');
    expect(rejectedField({ iterations: -1 })).toBe('iterations');
    expect(rejectedField({ iterations: 2.5 })).toBe('iterations');
    expect(rejectedField({ verifyRepeats: 21 })).toBe('verify_repeats');
    expect(rejectedField({ checkpointEvery: 1001 })).toBe('checkpoint_every');
    expect(rejectedField({ baselineEvery: -3 })).toBe('baseline_every');
    expect(rejectedField({ seed: 2 ** 32 })).toBe('seed');
    expect(rejectedField({ agent: 'dqn' })).toBe('agent');
    expect(rejectedField({ rewardTpsWeight: -0.1 })).toBe('reward_tps_weight');
    expect(rejectedField({ rewardLatencyWeight: Number.NaN })).toBe('reward_latency_weight');
    expect(rejectedField({ rewardLatencyWeight: Number.POSITIVE_INFINITY })).toBe('reward_latency_weight');
  });

  it('requires a duration of a given benchmark and checks its other fields with the collector\'s rules', () => {
    expect(rejectedField({ benchmark: { clients: 8 } })).toBe('benchmark.duration_s');
    expect(rejectedField({ benchmark: { durationS: 0 } })).toBe('benchmark.duration_s');
    expect(rejectedField({ benchmark: { durationS: 5, clients: 2, threads: 4 } })).toBe('benchmark.threads');
    expect(rejectedField({ benchmark: { durationS: 5, protocol: 'http' } })).toBe('benchmark.protocol');
    expect(rejectedField({ benchmark: { durationS: 5, scripts: [{ builtin: 'tpcc' }] } })).toBe('benchmark.scripts[0].builtin');
  });

  it('accepts only non-empty, distinct setting names as knobs', () => {
    expect(rejectedField({ knobs: [''] })).toBe('knobs[0]');
    expect(rejectedField({ knobs: ['work_mem', '  '] })).toBe('knobs[1]');
    expect(rejectedField({ knobs: ['Work Mem'] })).toBe('knobs[0]');
    expect(rejectedField({ knobs: ['work_mem; DROP TABLE x'] })).toBe('knobs[0]');
    expect(rejectedField({ knobs: ['work_mem', 'jit', 'work_mem'] })).toBe('knobs[2]');
    expect(rejectedField({ knobs: Array.from({ length: 65 }, (_, i) => `k${i}`) })).toBe('knobs');
  });

  it('checks start_knobs for form: names, values, no name twice, a bounded count', () => {
    expect(applySessionDefaults({ startKnobs: [{ name: 'work_mem', value: ' 64 ' }] }).startKnobs).toEqual([{ name: 'work_mem', value: '64' }]);
    expect(rejectedField({ startKnobs: [{ name: 'work_mem; DROP TABLE x', value: '64' }] })).toBe('start_knobs[0].name');
    expect(rejectedField({ startKnobs: [{ name: 'work_mem', value: '' }] })).toBe('start_knobs[0].value');
    expect(rejectedField({ startKnobs: [{ name: 'work_mem', value: '64\n' + 'x' }] })).toBe('start_knobs[0].value');
    expect(rejectedField({ startKnobs: [{ name: 'work_mem', value: '64' }, { name: 'work_mem', value: '128' }] })).toBe('start_knobs[1].name');
    expect(rejectedField({ applyBest: true, startKnobs: [{ name: 'work_mem', value: '64' }] })).toBe('apply_best');
    expect(rejectedField({ startKnobs: Array.from({ length: 65 }, (_, i) => ({ name: `k${i}`, value: '1' })) })).toBe('start_knobs');
  });

  it('takes require_approval alone, and refuses it with apply_best or start_knobs', () => {
    expect(applySessionDefaults({ requireApproval: true }).requireApproval).toBe(true);
    expect(rejectedField({ requireApproval: true, applyBest: true })).toBe('require_approval');
    expect(rejectedField({ requireApproval: true, startKnobs: [{ name: 'work_mem', value: '64' }] })).toBe('require_approval');
  });

  it('says what is allowed in the message', () => {
    expect(() => applySessionDefaults({ iterations: 5000 })).toThrow(/iterations: must be an integer in 1\.\.1000 \(0 or unset: 20\), got 5000/);
    expect(() => applySessionDefaults({ agent: 'dqn' })).toThrow('agent: must be one of ddpg, ddpg++, random, rules, got "dqn"');
  });
});

describe('resolveSessionOptions', () => {
  it('validates with the same rules', () => {
    expect(() => resolveSessionOptions({ verifyRepeats: 100 })).toThrow(InvalidArgumentError);
  });

  it('resolves to the trainer\'s shape with the reward weights as a pair', () => {
    const resolved = resolveSessionOptions({ rewardTpsWeight: 0.8, rewardLatencyWeight: 0.2 });
    expect(resolved.rewardWeights).toEqual({ tps: 0.8, latency: 0.2 });
    expect(resolveSessionOptions({}).rewardWeights).toEqual(SESSION_DEFAULTS.rewardWeights);
  });
});
