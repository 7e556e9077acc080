import { NOISE_CONTROL_DEFAULTS } from '../../lib/session/session-limits';
import { describe, expect, it } from 'vitest';
import { resolveBenchmarkSpec } from '../../lib/session/benchmark-spec';
import { InvalidArgumentError } from '../../lib/core/errors';

const resolve = (spec: Parameters<typeof resolveBenchmarkSpec>[0], cpus = 2) => resolveBenchmarkSpec(spec, { cpus, cwd: '/work' });

function rejection(spec: Parameters<typeof resolveBenchmarkSpec>[0]): InvalidArgumentError {
  try {
    resolve(spec);
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  throw new Error('spec was accepted');
}

describe('resolveBenchmarkSpec', () => {
  it('applies every default to the proto3 zero values', () => {
    const full = { scripts: [], clients: 0, threads: 0, durationS: 10, warmupS: 0, protocol: '', progressIntervalS: 0 };
    expect(resolve(full)).toEqual({
      scripts: [{ builtin: 'tpcb-like', weight: 1 }],
      clients: 4,
      threads: 2,
      durationS: 10,
      warmupS: 0,
      protocol: 'prepared',
      progressIntervalS: 1,
      ...NOISE_CONTROL_DEFAULTS,
    });
    expect(resolve({ durationS: 10 })).toEqual(resolve(full));
  });

  it('defaults threads to min(clients, cpus)', () => {
    expect(resolve({ durationS: 1, clients: 1 }, 8).threads).toBe(1);
    expect(resolve({ durationS: 1, clients: 16 }, 8).threads).toBe(8);
  });

  it('keeps given values, weights and script order; resolves files against cwd', () => {
    const spec = resolve({
      scripts: [{ builtin: 'select-only', weight: 3 }, { file: 'workloads/read.sql' }, { file: '/abs/x@y.sql', weight: 2 }],
      clients: 8,
      threads: 4,
      durationS: 60,
      warmupS: 5,
      protocol: 'simple',
      progressIntervalS: 5,
      checkpoint: 'off',
      dataReset: 'force',
      dataResetEvery: 3,
      tpsEstimator: 'trimmed',
    });
    expect(spec).toEqual({
      scripts: [
        { builtin: 'select-only', weight: 3 },
        { file: '/work/workloads/read.sql', weight: 1 },
        { file: '/abs/x@y.sql', weight: 2 },
      ],
      clients: 8,
      threads: 4,
      durationS: 60,
      warmupS: 5,
      protocol: 'simple',
      progressIntervalS: 5,
      checkpoint: 'off',
      dataReset: 'force',
      dataResetEvery: 3,
      tpsEstimator: 'trimmed',
    });
  });

  it.each([
    [{ durationS: 0 }, 'benchmark.duration_s', 'benchmark.duration_s: must be an integer in 1..86400, got 0'],
    [{}, 'benchmark.duration_s', 'benchmark.duration_s: must be an integer in 1..86400, got 0'],
    [{ durationS: 1, checkpoint: 'yes' }, 'benchmark.checkpoint', 'benchmark.checkpoint: must be one of on, off, got "yes"'],
    [{ durationS: 1, dataReset: 'always' }, 'benchmark.data_reset', 'benchmark.data_reset: must be one of off, bench, force, got "always"'],
    [{ durationS: 1, dataResetEvery: 1001 }, 'benchmark.data_reset_every', 'benchmark.data_reset_every: must be an integer in 1..1000 (0 or unset: 1), got 1001'],
    [{ durationS: 1, tpsEstimator: 'mean' }, 'benchmark.tps_estimator', 'benchmark.tps_estimator: must be one of total, median, trimmed, got "mean"'],
    [{ durationS: 1.5 }, 'benchmark.duration_s', 'benchmark.duration_s: must be an integer in 1..86400, got 1.5'],
    [{ durationS: 1, clients: 1001 }, 'benchmark.clients', 'benchmark.clients: must be an integer in 1..1000 (0 or unset: 4), got 1001'],
    [
      { durationS: 1, clients: 2, threads: 3 },
      'benchmark.threads',
      'benchmark.threads: must be an integer in 1..2 (at most benchmark.clients: each thread needs a client), got 3',
    ],
    [{ durationS: 1, warmupS: 3601 }, 'benchmark.warmup_s', 'benchmark.warmup_s: must be an integer in 0..3600, got 3601'],
    [
      { durationS: 1, progressIntervalS: 3601 },
      'benchmark.progress_interval_s',
      'benchmark.progress_interval_s: must be an integer in 1..3600 (0 or unset: 1), got 3601',
    ],
    [
      { durationS: 1, protocol: 'PREPARED' },
      'benchmark.protocol',
      'benchmark.protocol: must be one of simple, extended, prepared, got "PREPARED"',
    ],
    [
      { durationS: 1, scripts: [{ builtin: 'tpcb' }] },
      'benchmark.scripts[0].builtin',
      'benchmark.scripts[0].builtin: must be one of tpcb-like, simple-update, select-only (or set file), got "tpcb"',
    ],
    [
      { durationS: 1, scripts: [{ builtin: 'select-only' }, {}] },
      'benchmark.scripts[1].builtin',
      'benchmark.scripts[1].builtin: must be one of tpcb-like, simple-update, select-only (or set file), got neither builtin nor file',
    ],
    [
      { durationS: 1, scripts: [{ builtin: 'select-only', file: 'a.sql' }] },
      'benchmark.scripts[0]',
      'benchmark.scripts[0]: set either builtin or file, not both',
    ],
    [
      { durationS: 1, scripts: [{ builtin: 'select-only', weight: 1_000_001 }] },
      'benchmark.scripts[0].weight',
      'benchmark.scripts[0].weight: must be an integer in 1..1000000 (0 or unset: 1), got 1000001',
    ],
    [
      { durationS: 1, scripts: Array.from({ length: 129 }, () => ({ builtin: 'select-only' })) },
      'benchmark.scripts',
      'benchmark.scripts: at most 128 scripts, got 129',
    ],
  ])('rejects %j naming %s', (spec, field, message) => {
    const err = rejection(spec);
    expect(err.field).toBe(field);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe(message);
  });
});
