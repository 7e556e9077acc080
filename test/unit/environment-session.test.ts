import { describe, expect, it } from 'vitest';
import type { ApplyKnobsRequest } from '../../proto/generated/autotune/v1/ApplyKnobsRequest';
import type { ApplyKnobsResponse__Output } from '../../proto/generated/autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult__Output } from '../../proto/generated/autotune/v1/BenchmarkResult';
import type { GetKnobsResponse__Output } from '../../proto/generated/autotune/v1/GetKnobsResponse';
import type { KnobDimension__Output as KnobDimension } from '../../proto/generated/autotune/v1/KnobDimension';
import type { MetricSnapshot__Output } from '../../proto/generated/autotune/v1/MetricSnapshot';
import { EnvironmentSession, type SessionCollector } from '../../services/environment/environment-session';
import { DEFAULT_REWARD_WEIGHTS, cdbtuneReward } from '../../services/environment/reward';
import { StateVector } from '../../services/environment/state-vector';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from '../../lib/core/errors';

const DIMS: KnobDimension[] = [
  { name: 'work_mem', min: 64, max: 65536, scale: 'log', unit: 'kB', choices: [], baseline: '4096', integer: true },
  { name: 'checkpoint_completion_target', min: 0.5, max: 0.9, scale: 'linear', unit: '', choices: [], baseline: '0.9', integer: false },
];

type ApplyBehaviour = 'apply' | 'refuse' | 'roll back';
type RunBehaviour = { tps: number; p95: number } | Error;

/** A collector with known answers: scripted applies and benchmark results, a counter that moves with TPS. */
class FakeCollector implements SessionCollector {
  readonly original = new Map(DIMS.map((d) => [d.name, d.baseline]));
  readonly live = new Map(this.original);
  readonly applied: ApplyKnobsRequest[] = [];
  applies: ApplyBehaviour[] = [];
  runs: RunBehaviour[] = [];
  collectorDown = false;
  private clock = 0;
  private commits = 0;

  getServerInfo() {
    if (this.collectorDown) return Promise.reject(new UnavailableError('collector at fake is unavailable'));
    return Promise.resolve({ serverVersion: '15', serverVersionNum: 150000, hostMemoryBytes: 8 * 1024 ** 3, hostCpus: 2, canRestart: true, maxConnections: 100, target: '', autovacuumMaxWorkers: 3 });
  }

  getKnobs(names: string[] = []): Promise<GetKnobsResponse__Output> {
    const knobs = names.map((name) => ({ name, value: this.live.get(name)! }));
    return Promise.resolve({ knobs } as GetKnobsResponse__Output);
  }

  snapshot(): Promise<MetricSnapshot__Output> {
    this.clock += 1000;
    const metrics = [
      { name: 'database.xact_commit', value: this.commits, counter: true },
      { name: 'database.numbackends', value: 2, counter: false },
    ];
    return Promise.resolve({ takenAtMs: this.clock, metrics, serverVersionNum: 150000 });
  }

  applyKnobs(request: ApplyKnobsRequest): Promise<ApplyKnobsResponse__Output> {
    this.applied.push(request);
    const behaviour = this.applies.shift() ?? 'apply';
    const knobs = request.knobs ?? [];
    if (behaviour === 'refuse') return Promise.reject(new InvalidArgumentError('knobs', 'the memory budget is exceeded'));
    if (behaviour === 'apply') for (const k of knobs) this.live.set(k.name!, k.value!);
    const inEffect = knobs.map((k) => ({ name: k.name!, value: this.live.get(k.name!)! }));
    const rolledBack = behaviour === 'roll back';
    return Promise.resolve({ applied: !rolledBack, restarted: false, rolledBack, error: rolledBack ? 'server did not start' : '', inEffect, pendingRestart: [] });
  }

  resetKnobs(knobs: { name: string; value: string }[] = []) {
    for (const [k, v] of this.original) this.live.set(k, v);
    for (const k of knobs) this.live.set(k.name, k.value);
    return Promise.resolve({ restarted: false, inEffect: [...this.live].map(([name, value]) => ({ name, value })) });
  }

  keepKnobs() {
    for (const [k, v] of this.live) this.original.set(k, v);
    return Promise.resolve({ restarted: false, inEffect: [...this.live].map(([name, value]) => ({ name, value })) });
  }

  runBenchmark(): Promise<BenchmarkResult__Output> {
    const next = this.runs.shift() ?? { tps: 1000, p95: 10 };
    if (next instanceof Error) return Promise.reject(next);
    // The window is one fake second: the counter's rate is the TPS.
    this.commits += next.tps;
    return Promise.resolve({ tps: next.tps, latency: { avgMs: 2, stddevMs: 1, p50Ms: 2, p95Ms: next.p95, p99Ms: next.p95 * 2, maxMs: 50 } } as BenchmarkResult__Output);
  }

  getQueryMix() {
    return Promise.resolve({ available: false, reason: 'the fake has no pg_stat_statements', readingId: '', interval: false, statements: [], otherCalls: 0, otherExecTimeMs: 0, totalCalls: 0 });
  }

  close(): void {}
}

function open(fake = new FakeCollector()) {
  const state = StateVector.fromNames(['database.numbackends', 'database.xact_commit'], DIMS);
  const session = new EnvironmentSession({
    id: 'env-1',
    collector: fake,
    dims: DIMS,
    state,
    benchmark: { durationS: 1 },
    weights: DEFAULT_REWARD_WEIGHTS,
    allowDurabilityRisk: false,
  });
  const at = (vector: number[], name: string) => vector[state.names.indexOf(name)];
  return { fake, session, at };
}

describe('EnvironmentSession after a start configuration that restarted the server', () => {
  it('warms the first baseline run up as after any restart, and only that one', async () => {
    const fake = new FakeCollector();
    const specs: unknown[] = [];
    const run = fake.runBenchmark.bind(fake);
    fake.runBenchmark = (spec?: unknown) => {
      specs.push(spec);
      return run();
    };
    const state = StateVector.fromNames(['database.numbackends', 'database.xact_commit'], DIMS);
    const options = { id: 'env-1', collector: fake, dims: DIMS, state, benchmark: { durationS: 30, warmupS: 0 }, weights: DEFAULT_REWARD_WEIGHTS };
    const session = new EnvironmentSession({ ...options, allowDurabilityRisk: false, startRestarted: true });
    await session.reset();
    await session.reset();
    expect(specs).toEqual([expect.objectContaining({ warmupS: 10 }), expect.objectContaining({ warmupS: 0 })]);
  });
});

describe('EnvironmentSession with a fake collector', () => {
  it('refuses a step before the baseline', async () => {
    const { session } = open();
    await expect(session.step([0, 0])).rejects.toBeInstanceOf(FailedPreconditionError);
  });

  it('measures the baseline, then scores a step against it and makes it the previous one', async () => {
    const { fake, session, at } = open();
    fake.runs = [{ tps: 1000, p95: 10 }, { tps: 1200, p95: 8 }, { tps: 1100, p95: 9 }];
    const baseline = await session.reset();
    expect(at(baseline.state, 'database.xact_commit')).toBe(1000);
    expect(at(baseline.state, 'knob.checkpoint_completion_target')).toBe(1);
    const first = await session.step([0, -1]);
    expect(first.failed).toBe(false);
    expect(first.reward).toBeCloseTo(cdbtuneReward({ tps: 1200, latencyMs: 8 }, { tps: 1000, latencyMs: 10 }, { tps: 1000, latencyMs: 10 }), 12);
    expect(first.outcome.knobs).toEqual([{ name: 'work_mem', value: '2048' }, { name: 'checkpoint_completion_target', value: '0.5' }]);
    expect(at(first.outcome.state, 'knob.work_mem')).toBeCloseTo(0, 12);
    const second = await session.step([0, 0]);
    expect(second.reward).toBeCloseTo(cdbtuneReward({ tps: 1100, latencyMs: 9 }, { tps: 1000, latencyMs: 10 }, { tps: 1200, latencyMs: 8 }), 12);
  });

  it('scores a configuration the collector refuses as failed, with the last good state and a bounded penalty', async () => {
    const { fake, session } = open();
    const baseline = await session.reset();
    fake.applies = ['refuse'];
    const step = await session.step([1, 1]);
    expect(step).toMatchObject({ failed: true, reward: -1 });
    expect(step.outcome).toMatchObject({ rolledBack: false, benchmark: null, state: baseline.state });
    expect(step.outcome.error).toMatch(/refused work_mem=65536, checkpoint_completion_target=0.9: knobs: the memory budget/);
  });

  it('scores a change the collector rolled back as failed: twice the worst reward seen', async () => {
    const { fake, session } = open();
    fake.runs = [{ tps: 1000, p95: 10 }, { tps: 700, p95: 14 }];
    await session.reset();
    const worse = await session.step([0, 0]);
    expect(worse.reward).toBeLessThan(-1);
    fake.applies = ['roll back'];
    const step = await session.step([1, 1]);
    expect(step).toMatchObject({ failed: true, outcome: { rolledBack: true, error: expect.stringMatching(/rolled back: server did not start/) } });
    expect(step.reward).toBeCloseTo(2 * worse.reward, 12);
  });

  it('puts the last good configuration back when the benchmark fails after the change applied', async () => {
    const { fake, session } = open();
    await session.reset();
    fake.runs = [new FailedPreconditionError('pgbench: connection to server lost')];
    const step = await session.step([1, -1]);
    expect(step).toMatchObject({ failed: true, outcome: { rolledBack: true } });
    expect(step.outcome.error).toMatch(/benchmark failed with work_mem=65536.*connection to server lost; the last good configuration is back/);
    expect(fake.applied.at(-1)!.knobs).toEqual([{ name: 'work_mem', value: '4096' }, { name: 'checkpoint_completion_target', value: '0.9' }]);
    expect(fake.live.get('work_mem')).toBe('4096');
  });

  it('keeps a step far below the baseline as measured data, but rolls it back and keeps the previous reference', async () => {
    const { fake, session, at } = open();
    fake.runs = [{ tps: 1000, p95: 10 }, { tps: 400, p95: 20 }, { tps: 1000, p95: 10 }];
    await session.reset();
    const slow = await session.step([-1, -1]);
    expect(slow.failed).toBe(false);
    expect(slow.reward).toBeCloseTo(cdbtuneReward({ tps: 400, latencyMs: 20 }, { tps: 1000, latencyMs: 10 }, { tps: 1000, latencyMs: 10 }), 12);
    expect(slow.outcome).toMatchObject({ rolledBack: true, error: expect.stringMatching(/400.0 tps is 40% of the baseline's 1000.0 \(under 50%\)/) });
    expect(slow.outcome.knobs[0]).toEqual({ name: 'work_mem', value: '64' }); // what was measured
    expect(at(slow.outcome.state, 'database.xact_commit')).toBe(400);
    expect(fake.live.get('work_mem')).toBe('4096'); // what is in effect now
    // The next step is compared with the baseline as previous, not with the slow one.
    const next = await session.step([0, 0]);
    expect(next.reward).toBe(0);
  });

  it('throws when the collector itself is gone, rather than scoring the configuration', async () => {
    const { fake, session } = open();
    await session.reset();
    fake.runs = [new UnavailableError('collector at fake is unavailable: connection refused')];
    fake.collectorDown = true;
    await expect(session.step([0, 0])).rejects.toBeInstanceOf(UnavailableError);
  });

  it('measures explicit values without a reward, applying only what differs, and refuses knobs it does not tune', async () => {
    const { fake, session } = open();
    const outcome = await session.measure([{ name: 'work_mem', value: '8192' }, { name: 'checkpoint_completion_target', value: '0.9' }]);
    expect(fake.applied.at(-1)!.knobs).toEqual([{ name: 'work_mem', value: '8192' }]);
    expect(outcome.knobs[0]).toEqual({ name: 'work_mem', value: '8192' });
    expect(outcome.benchmark!.tps).toBe(1000);
    await expect(session.measure([{ name: 'shared_buffers', value: '1' }])).rejects.toThrow(/knobs\[0\]: "shared_buffers" is not a knob of this environment/);
  });

  it('restores the original configuration on close unless asked to keep it, then answers NOT_FOUND', async () => {
    const { fake, session } = open();
    await session.measure([{ name: 'work_mem', value: '8192' }]);
    expect(await session.close(false)).toEqual([{ name: 'work_mem', value: '4096' }, { name: 'checkpoint_completion_target', value: '0.9' }]);
    expect(fake.live.get('work_mem')).toBe('4096');
    await expect(session.reset()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const kept = open();
    await kept.session.measure([{ name: 'work_mem', value: '8192' }]);
    expect((await kept.session.close(true))[0]).toEqual({ name: 'work_mem', value: '8192' });
    expect(kept.fake.live.get('work_mem')).toBe('8192');
    // Kept on purpose: the collector is told, so it no longer restores its own original.
    expect(kept.fake.original.get('work_mem')).toBe('8192');
  });

  it("restores the session's recorded original when close is given one", async () => {
    const { fake, session } = open();
    await session.measure([{ name: 'work_mem', value: '8192' }]);
    const inEffect = await session.close(false, [{ name: 'work_mem', value: '2048' }]);
    expect(inEffect[0]).toEqual({ name: 'work_mem', value: '2048' });
    expect(fake.live.get('work_mem')).toBe('2048');
  });
});
