import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { BENCHMARK_LIMITS, NOISE_CONTROL_DEFAULTS, SESSION_LIMITS } from '../../lib/session/session-limits';
import { DEFAULT_SESSION_BENCHMARK } from '../../lib/session/session-options';
import { integerOption } from '../../cli/option-parsers';
import { checkServerControlFlags } from '../../cli/server-control-from-flags';
import { parseDriftThresholdPercent, parseMixThreshold, parseMinGainPercent, parseWorkload, sessionOptionsFromCli } from '../../cli/tune/session-options-from-cli';

describe('sessionOptionsFromCli', () => {
  it('gives unset flags the default session benchmark, with its one warm-up default', () => {
    const options = sessionOptionsFromCli({});
    expect(options.benchmark).toMatchObject({ durationS: DEFAULT_SESSION_BENCHMARK.durationS, warmupS: DEFAULT_SESSION_BENCHMARK.warmupS });
    expect(sessionOptionsFromCli({ duration: 7 }).benchmark).toMatchObject({ durationS: 7, warmupS: DEFAULT_SESSION_BENCHMARK.warmupS });
  });

  it('checks the flags with the session schema, naming the proto field', () => {
    expect(() => sessionOptionsFromCli({ knobs: 'work_mem,work_mem' })).toThrow('knobs[1]: "work_mem" is listed twice');
    expect(() => sessionOptionsFromCli({ agent: 'dqn' })).toThrow('agent: must be one of ddpg, ddpg++, random, rules, got "dqn"');
  });

  it('passes the rules flags on, checked by the schema', () => {
    expect(sessionOptionsFromCli({ agent: 'ddpg', warmStart: 'rules', rulesWorkload: 'web', rulesStorage: 'san' })).toMatchObject({
      warmStart: 'rules',
      rulesWorkload: 'web',
      rulesStorage: 'san',
    });
    expect(() => sessionOptionsFromCli({ warmStart: 'pgtune' })).toThrow('warm_start: must be one of none, rules, got "pgtune"');
  });

  it('passes --remeasure-top on, 0 included, and names the field when out of range', () => {
    expect(sessionOptionsFromCli({ remeasureTop: 2 }).remeasureTop).toBe(2);
    expect(sessionOptionsFromCli({ remeasureTop: 0 }).remeasureTop).toBe(0);
    expect(sessionOptionsFromCli({}).remeasureTop).toBeUndefined();
    expect(() => sessionOptionsFromCli({ remeasureTop: 11 })).toThrow(/^remeasure_top: must be an integer in 0\.\.10, got 11/);
  });

  it('passes the noise-control flags into the benchmark, defaults when unset, the field named when wrong', () => {
    expect(sessionOptionsFromCli({}).benchmark).toMatchObject(NOISE_CONTROL_DEFAULTS);
    const given = { preCheckpoint: 'off', dataReset: 'force', dataResetEvery: 3, tpsEstimator: 'trimmed' };
    expect(sessionOptionsFromCli(given).benchmark).toMatchObject({ checkpoint: 'off', dataReset: 'force', dataResetEvery: 3, tpsEstimator: 'trimmed' });
    expect(() => sessionOptionsFromCli({ tpsEstimator: 'mean' })).toThrow('benchmark.tps_estimator: must be one of total, median, trimmed, got "mean"');
  });

  it('takes the extended knob set as the restart opt-in, and only that set or the flag', () => {
    expect(sessionOptionsFromCli({ knobs: 'extended' }).allowRestart).toBe(true);
    expect(sessionOptionsFromCli({ knobs: 'work_mem, extended' }).allowRestart).toBe(true);
    expect(sessionOptionsFromCli({ knobs: 'default,shared_buffers', allowRestart: true }).allowRestart).toBe(true);
    expect(sessionOptionsFromCli({ knobs: 'default,work_mem' }).allowRestart).toBe(false);
    expect(sessionOptionsFromCli({}).allowRestart).toBe(false);
  });

  it('reads --start-config into start_knobs, checked by the catalog and the restart opt-in', () => {
    const file = path.join(__dirname, '../../workloads/misconfigured.conf');
    expect(sessionOptionsFromCli({ startConfig: file }).startKnobs).toEqual([
      { name: 'max_wal_size', value: '256' },
      { name: 'checkpoint_timeout', value: '30' },
      { name: 'work_mem', value: '64' },
      { name: 'max_parallel_workers_per_gather', value: '0' },
    ]);
    expect(sessionOptionsFromCli({}).startKnobs).toEqual([]);
    expect(() => sessionOptionsFromCli({ startConfig: '/nonexistent/start.conf' })).toThrow(/^--start-config: cannot read "\/nonexistent\/start\.conf"/);
  });
});

describe('--min-gain', () => {
  it('reads percent, with or without %, and the schema checks the range naming min_gain', () => {
    expect(parseMinGainPercent('3')).toBeCloseTo(0.03, 12);
    expect(parseMinGainPercent('2.5%')).toBeCloseTo(0.025, 12);
    expect(() => parseMinGainPercent('three')).toThrow('--min-gain: expected a percentage such as 3 or 2.5%, got "three"');
    // 0 is proto3's unset: it would silently be the default 3%.
    expect(() => parseMinGainPercent('0')).toThrow('--min-gain: must be a percentage in 0.1..50 (omit it for the default 3), got "0"');
    expect(sessionOptionsFromCli({ minGain: 0.05, verifyBudget: 600 })).toMatchObject({ minGain: 0.05, verifyBudgetS: 600 });
    expect(() => sessionOptionsFromCli({ minGain: parseMinGainPercent('80') })).toThrow(/^min_gain: must be a number in 0\.001\.\.0\.5/);
  });
});

describe('--continuous', () => {
  it('fills the continuous options, the drift threshold in percent, and the schema names a bad field', () => {
    expect(
      sessionOptionsFromCli({ continuous: true, watchInterval: 60, watchRuns: 4, driftThreshold: parseDriftThresholdPercent('8%'), maxRounds: 3 }),
    ).toMatchObject({ continuous: true, watchIntervalS: 60, watchRuns: 4, driftThreshold: 0.08, maxRounds: 3 });
    expect(sessionOptionsFromCli({}).continuous).toBe(false);
    expect(() => parseDriftThresholdPercent('lots')).toThrow('--drift-threshold: expected a percentage such as 3 or 2.5%, got "lots"');
    // 0 is proto3's unset: it would silently be the default 5%.
    expect(() => parseDriftThresholdPercent('0')).toThrow('--drift-threshold: must be a percentage in 0.1..50 (omit it for the default 5), got "0"');
    expect(() => parseDriftThresholdPercent('0.0%')).toThrow(/^--drift-threshold: must be a percentage in 0\.1\.\.50/);
    expect(() => sessionOptionsFromCli({ continuous: true, driftThreshold: parseDriftThresholdPercent('70') })).toThrow(/^drift_threshold: must be a number in 0\.001\.\.0\.5/);
    expect(() => sessionOptionsFromCli({ continuous: true, verify: 2 })).toThrow(/^verify_repeats: must be at least 3 in a continuous session/);
  });

  it('takes --mix-threshold as a distance, and the schema names a value out of range', () => {
    expect(sessionOptionsFromCli({ continuous: true, mixThreshold: parseMixThreshold('0.4') }).mixThreshold).toBe(0.4);
    expect(parseMixThreshold('.3')).toBe(0.3);
    expect(() => parseMixThreshold('25%')).toThrow('--mix-threshold: expected a distance between query mixes such as 0.25, got "25%"');
    expect(() => sessionOptionsFromCli({ continuous: true, mixThreshold: parseMixThreshold('2') })).toThrow(/^mix_threshold: must be a number in 0\.05\.\.1 \(0 or unset: 0\.25\), got 2/);
  });
});

describe('parseWorkload', () => {
  it('reads built-ins and weights', () => {
    expect(parseWorkload('select-only@3')).toEqual({ builtin: 'select-only', weight: 3 });
    expect(parseWorkload('tpcb-like')).toEqual({ builtin: 'tpcb-like', weight: 1 });
  });

  it('refuses a weight outside the benchmark limits', () => {
    const max = BENCHMARK_LIMITS.weight.max;
    expect(() => parseWorkload(`select-only@${max + 1}`)).toThrow(`--workload: weight must be an integer in 1..${max}, got "${max + 1}"`);
    expect(() => parseWorkload('select-only@0')).toThrow(InvalidArgumentError);
  });
});

describe('integerOption', () => {
  it('shows the range and default in the help and parses against the same range', () => {
    const option = integerOption('--iterations <n>', 'tuning steps', SESSION_LIMITS.iterations, 20);
    expect(option.description).toBe('tuning steps, 1..1000 (default: 20)');
    const parse = option.parseArg as (value: string, previous: unknown) => number;
    expect(parse('1000', undefined)).toBe(1000);
    expect(() => parse('1001', undefined)).toThrow('--iterations: must be an integer in 1..1000, got "1001"');
  });
});

describe('checkServerControlFlags', () => {
  it('needs --data-dir with --restart-command', () => {
    expect(() => checkServerControlFlags({ restartCommand: 'systemctl restart postgresql' })).toThrow(/--restart-command: needs --data-dir/);
    expect(() => checkServerControlFlags({ restartCommand: 'x', dataDir: '/data' })).not.toThrow();
  });
});
