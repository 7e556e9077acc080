import { describe, expect, it } from 'vitest';
import { resolveOpenRequest } from '../../services/environment/open-request';

const base = {
  collectorAddress: ' 127.0.0.1:7002 ',
  knobs: [' work_mem ', ''],
  benchmark: { scripts: [], clients: 2, threads: 0, durationS: 2, warmupS: 0, protocol: '', progressIntervalS: 0 },
  rewardWeights: null,
  allowDurabilityRisk: false,
  allowRestart: true,
};

describe('resolveOpenRequest', () => {
  it('trims, completes the benchmark with the collector\'s defaults and keeps the opt-ins', () => {
    const resolved = resolveOpenRequest(base);
    expect(resolved.collectorAddress).toBe('127.0.0.1:7002');
    expect(resolved.knobs).toEqual(['work_mem']);
    expect(resolved.benchmark).toMatchObject({ scripts: [{ builtin: 'tpcb-like', file: '', weight: 1 }], protocol: 'prepared', progressIntervalS: 1 });
    expect(resolved.allowRestart).toBe(true);
  });

  it('checks the benchmark with the same schema as the collector (every field, not a subset)', () => {
    expect(() => resolveOpenRequest({ ...base, benchmark: { ...base.benchmark, protocol: 'http' } })).toThrow(
      'benchmark.protocol: must be one of simple, extended, prepared, got "http"',
    );
    expect(() => resolveOpenRequest({ ...base, benchmark: { ...base.benchmark, threads: 3 } })).toThrow(/^benchmark\.threads: must be an integer in 1\.\.2/);
  });

  it('names the reward weight and says what is allowed', () => {
    expect(() => resolveOpenRequest({ ...base, rewardWeights: { tps: 1, latency: Number.NaN } })).toThrow(
      'reward_weights.latency: must be a finite number >= 0, got NaN',
    );
  });
});
