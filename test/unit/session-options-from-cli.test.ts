import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { BENCHMARK_LIMITS, SESSION_LIMITS } from '../../lib/session/session-limits';
import { DEFAULT_SESSION_BENCHMARK } from '../../lib/session/session-options';
import { integerOption } from '../../cli/option-parsers';
import { checkServerControlFlags } from '../../cli/server-control-from-flags';
import { parseMinGainPercent, parseWorkload, sessionOptionsFromCli } from '../../cli/tune/session-options-from-cli';

describe('sessionOptionsFromCli', () => {
  it('gives unset flags the default session benchmark, with its one warm-up default', () => {
    const options = sessionOptionsFromCli({});
    expect(options.benchmark).toMatchObject({ durationS: DEFAULT_SESSION_BENCHMARK.durationS, warmupS: DEFAULT_SESSION_BENCHMARK.warmupS });
    expect(sessionOptionsFromCli({ duration: 7 }).benchmark).toMatchObject({ durationS: 7, warmupS: DEFAULT_SESSION_BENCHMARK.warmupS });
  });

  it('checks the flags with the session schema, naming the proto field', () => {
    expect(() => sessionOptionsFromCli({ knobs: 'work_mem,work_mem' })).toThrow('knobs[1]: "work_mem" is listed twice');
    expect(() => sessionOptionsFromCli({ agent: 'dqn' })).toThrow('agent: must be one of ddpg, ddpg++, random, got "dqn"');
  });

  it('takes the extended knob set as the restart opt-in', () => {
    expect(sessionOptionsFromCli({ knobs: 'extended' }).allowRestart).toBe(true);
  });
});

describe('--min-gain', () => {
  it('reads percent, with or without %, and the schema checks the range naming min_gain', () => {
    expect(parseMinGainPercent('3')).toBeCloseTo(0.03, 12);
    expect(parseMinGainPercent('2.5%')).toBeCloseTo(0.025, 12);
    expect(() => parseMinGainPercent('three')).toThrow('--min-gain: expected a percentage such as 3 or 2.5%, got "three"');
    expect(sessionOptionsFromCli({ minGain: 0.05, verifyBudget: 600 })).toMatchObject({ minGain: 0.05, verifyBudgetS: 600 });
    expect(() => sessionOptionsFromCli({ minGain: parseMinGainPercent('80') })).toThrow(/^min_gain: must be a number in 0\.001\.\.0\.5/);
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
