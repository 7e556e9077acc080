/**
 * Figures for the learner, printed as text: which tfjs backend runs, training throughput,
 * act() latency, what 10k transitions cost in Redis, learning curves on the synthetic
 * environment, and how the agents fare on each of its shapes under 10% and 20% noise, with
 * and without re-measuring promising steps. Run with `npm run bench:model` (after `npm run
 * build`) or `npx tsx bench/model-bench.ts`; `-- --only shapes --seeds 7 --steps 30` runs
 * just the shape comparison (see parseArgs). Redis is expected at REDIS_URL (default
 * redis://127.0.0.1:6379); without it that section says so and the rest still runs.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { selectBackend } from '../model/backend';
import { createAgent } from '../model/create-agent';
import { DdpgAgent } from '../model/ddpg-agent';
import { RedisReplayBuffer } from '../model/replay/redis-replay-buffer';
import { Transition } from '../model/replay/replay-buffer';
import { runSyntheticTuning, SyntheticTuningResult } from '../model/run-synthetic-tuning';
import { SeededRandom } from '../model/seeded-random';
import { SyntheticEnvironment } from '../model/synthetic-environment';
import { SYNTHETIC_SHAPES, SyntheticShape } from '../model/synthetic-surface';
import { AgentKind } from '../model/tuning-agent';

/** A state the size the environment service produces (rates + normalized knobs), six knobs. */
const STATE_DIM = 20;
const ACTION_DIM = 6;
const REPEATS = 7;
const CURVE_SEEDS = [1, 2, 3, 4, 5];
const CURVE_STEPS = 60;
const CURVE_MARKS = [5, 10, 20, 30, 40, 50, 60];
/** Fresh seeds for the shape comparison: neither the curves' nor the ones the defaults were tuned on. */
const SHAPE_SEEDS = [21, 22, 23, 24, 25, 26, 27];
/** The default budget of `npm run bench:tuning`, so the two benches count steps alike. */
const SHAPE_STEPS = 30;
/** A step whose true score is below this share of the optimum counts as a near-failure (past a cliff, say). */
const LOW_SCORE = 0.2;
/** "Found it": a run's true score at this share of the seed's best (see shapeComparison). */
const GOOD_SHARE = 0.95;
interface Contender {
  label: string;
  kind: AgentKind;
  options: { updatesPerStep?: number };
  remeasureTop: number;
}
/**
 * The contenders: each agent as it runs by default, the same with a promising step
 * re-measured (RemeasureRule, top 1), and random search; `--untrained` adds ddpg++ with
 * training switched off (what the learning adds is the gap to it).
 */
const CONTENDERS: Contender[] = [
  { label: 'ddpg', kind: 'ddpg', options: {}, remeasureTop: 0 },
  { label: 'ddpg re1', kind: 'ddpg', options: {}, remeasureTop: 1 },
  { label: 'ddpg++', kind: 'ddpg++', options: {}, remeasureTop: 0 },
  { label: 'ddpg++ re1', kind: 'ddpg++', options: {}, remeasureTop: 1 },
  { label: 'random', kind: 'random', options: {}, remeasureTop: 0 },
  { label: 'random re1', kind: 'random', options: {}, remeasureTop: 1 },
];
const UNTRAINED: Contender = { label: 'untrained', kind: 'ddpg++', options: { updatesPerStep: 0 }, remeasureTop: 0 };

/** `--only shapes` (or curves, speed), `--seeds N` from `--first-seed S`, `--steps N`, `--noise 0.1,0.2`, `--untrained`. */
interface BenchArgs {
  only: string | undefined;
  seeds: number[];
  steps: number;
  noises: number[];
  contenders: Contender[];
}

function parseArgs(argv: string[]): BenchArgs {
  const value = (name: string) => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  const count = Number(value('--seeds') ?? SHAPE_SEEDS.length);
  const steps = Number(value('--steps') ?? SHAPE_STEPS);
  const first = Number(value('--first-seed') ?? SHAPE_SEEDS[0]);
  if (!Number.isInteger(first) || first < 0) throw new Error(`--first-seed: a non-negative integer, got ${value('--first-seed')}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--seeds: a positive integer, got ${value('--seeds')}`);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`--steps: an integer >= 2, got ${value('--steps')}`);
  const noises = (value('--noise') ?? '0.1,0.2').split(',').map(Number);
  if (noises.some((n) => !(n >= 0 && n < 1))) throw new Error(`--noise: fractions in [0, 1), got ${value('--noise')}`);
  return {
    only: value('--only'),
    seeds: Array.from({ length: count }, (_, i) => first + i),
    steps,
    noises,
    contenders: argv.includes('--untrained') ? [...CONTENDERS, UNTRAINED] : CONTENDERS,
  };
}

async function main(): Promise<void> {
  const backend = await selectBackend();
  console.log(`backend: ${backend.name}${backend.fallbacks.length ? ` (passed over: ${backend.fallbacks.join('; ')})` : ''}`);
  console.log(`host: ${process.version}, ${require('node:os').cpus().length} cpus\n`);

  const args = parseArgs(process.argv.slice(2));
  if (args.only === undefined || args.only === 'speed') {
    await updatesPerSecond();
    await actLatency();
    await redisMemory();
  }
  if (args.only === undefined || args.only === 'curves') for (const noise of [0, 0.1]) await learningCurves(noise);
  if (args.only === undefined || args.only === 'shapes') {
    for (const noise of args.noises) for (const shape of SYNTHETIC_SHAPES) await shapeComparison(shape, noise, args);
  }
}

function randomTransition(random: SeededRandom): Transition {
  const vector = (n: number) => Float32Array.from({ length: n }, () => random.uniform(-1, 1));
  return { state: vector(STATE_DIM), action: vector(ACTION_DIM), reward: random.normal(), nextState: vector(STATE_DIM), done: false };
}

async function filledAgent(batchSize: number, policyDelay?: number): Promise<DdpgAgent> {
  const agent = new DdpgAgent({ stateDim: STATE_DIM, actionDim: ACTION_DIM, batchSize, warmupSteps: 0, ...(policyDelay ? { policyDelay } : {}) });
  const random = new SeededRandom(1);
  for (let i = 0; i < 2000; i++) await agent.observe(randomTransition(random));
  await agent.train(20); // Adam's slots and the wasm kernels warm up outside the timing
  return agent;
}

async function updatesPerSecond(): Promise<void> {
  console.log('updates per second, default network (median of %d runs of 200 updates)', REPEATS);
  console.log('  batch   critic updates/s (actor every 2nd, the default)   full updates/s (critic + actor + targets)');
  for (const batchSize of [32, 64, 128]) {
    const rates: string[] = [];
    for (const policyDelay of [undefined, 1]) {
      const agent = await filledAgent(batchSize, policyDelay);
      const samples: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const start = performance.now();
        await agent.train(200);
        samples.push(200 / ((performance.now() - start) / 1000));
      }
      rates.push(median(samples).toFixed(0));
      await agent.dispose();
    }
    console.log(`  ${String(batchSize).padStart(5)}   ${rates[0].padStart(8)}${' '.repeat(43)}${rates[1].padStart(8)}`);
  }
  console.log();
}

async function actLatency(): Promise<void> {
  const agent = await filledAgent(64);
  const random = new SeededRandom(2);
  const state = randomTransition(random).state;
  for (let i = 0; i < 100; i++) await agent.act(state);
  const latencies: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = performance.now();
    await agent.act(state);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(`act() latency, explore on, 2000 calls: p50 ${(at(0.5) * 1000).toFixed(0)} us, p99 ${(at(0.99) * 1000).toFixed(0)} us\n`);
  await agent.dispose();
}

async function redisMemory(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `pg-autotune-bench-${randomBytes(4).toString('hex')}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
  } catch (err) {
    console.log(`redis memory: skipped, no Redis at ${url} (${(err as Error).message})\n`);
    client.disconnect();
    return;
  }
  const count = 10_000;
  try {
    for (const prioritized of [false, true]) {
      const session = prioritized ? 'prioritized' : 'uniform';
      const before = await usedMemory(client);
      const buffer = await RedisReplayBuffer.open({ client, session, keyPrefix: prefix, stateDim: STATE_DIM, actionDim: ACTION_DIM, capacity: count, prioritized });
      const random = new SeededRandom(3);
      const start = performance.now();
      for (let i = 0; i < count; i++) await buffer.add(randomTransition(random));
      const addSeconds = (performance.now() - start) / 1000;
      const usage = await buffer.memoryUsageBytes();
      const delta = (await usedMemory(client)) - before;
      const payload = count * 4 * (2 * STATE_DIM + ACTION_DIM + 2);
      console.log(
        `redis, ${count} transitions (state ${STATE_DIM}, action ${ACTION_DIM}, ${session}): MEMORY USAGE ${mb(usage)}, ` +
          `INFO used_memory delta ${mb(delta)}, float32 payload ${mb(payload)}; add() ${(count / addSeconds).toFixed(0)}/s`,
      );
      await buffer.close();
    }
  } finally {
    await RedisReplayBuffer.dropSession(client, 'uniform', prefix);
    await RedisReplayBuffer.dropSession(client, 'prioritized', prefix);
    client.disconnect();
  }
  console.log();
}

async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

async function learningCurves(noise: number): Promise<void> {
  const kinds: AgentKind[] = ['ddpg', 'ddpg++', 'random'];
  console.log(`learning curves on the synthetic environment (6 knobs, noise ${noise * 100}%): best true score so far, mean of seeds ${CURVE_SEEDS.join(',')}`);
  console.log(`  ${'step'.padEnd(8)}${kinds.map((k) => k.padStart(9)).join('')}`);
  const curves: number[][] = [];
  const seconds: number[] = [];
  for (const kind of kinds) {
    const runs: number[][] = [];
    const start = performance.now();
    for (const seed of CURVE_SEEDS) {
      const env = new SyntheticEnvironment({ seed, noise });
      const agent = await createAgent(kind, { stateDim: env.stateDim, actionDim: env.actionDim, seed });
      runs.push((await runSyntheticTuning(agent, env, CURVE_STEPS)).bestScoreByStep);
      await agent.dispose();
    }
    seconds.push((performance.now() - start) / 1000 / CURVE_SEEDS.length);
    curves.push(runs[0].map((_, t) => runs.reduce((sum, run) => sum + run[t], 0) / runs.length));
  }
  for (const step of CURVE_MARKS) {
    console.log(`  ${String(step).padEnd(8)}${curves.map((c) => c[step - 1].toFixed(3).padStart(9)).join('')}`);
  }
  console.log(`  ${'s/run'.padEnd(8)}${seconds.map((s) => s.toFixed(1).padStart(9)).join('')}\n`);
}

/**
 * One shape at one noise level, every contender on the same seeds, interleaved seed by seed.
 * "The session's best" on a seed is the best true score any contender reached on it within
 * the budget (as bench:tuning's steps to 95% take the best step any agent measured on the
 * workload); a contender's steps to 95% on that seed is its first run whose true score
 * reaches GOOD_SHARE of it, every run counted (a re-measurement too), and a seed where it
 * never does counts as not reached. Printed per contender: medians over the seeds of the
 * best true score after `steps` runs, steps to 95% (">N" when the median seed did not get
 * there), the share of seeds that got there, the true score of the configuration the
 * session would pick by its measurements, the runs spent re-measuring, and the share of
 * runs scoring below LOW_SCORE.
 */
async function shapeComparison(shape: SyntheticShape, noise: number, args: BenchArgs): Promise<void> {
  const { seeds, steps, contenders } = args;
  const start = performance.now();
  const runs = contenders.map(() => [] as SyntheticTuningResult[]);
  for (const seed of seeds) {
    for (const [i, { kind, options, remeasureTop }] of contenders.entries()) {
      const env = new SyntheticEnvironment({ seed, noise, shape });
      const agent = await createAgent(kind, { stateDim: env.stateDim, actionDim: env.actionDim, seed, ...options });
      runs[i].push(await runSyntheticTuning(agent, env, steps, { remeasureTop }));
      await agent.dispose();
    }
  }
  const sessionBest = seeds.map((_, s) => Math.max(...runs.map((r) => r[s].bestScore)));
  const minutes = (performance.now() - start) / 60_000;
  console.log(`shape ${shape}, noise ${noise * 100}%, ${steps} runs per session: medians over ${seeds.length} seeds (${seeds[0]}-${seeds[seeds.length - 1]}), ${minutes.toFixed(1)} min`);
  const header = ['', `best@${steps}`, 'steps to 95%', 'reached', 'picked', 're-runs', `runs < ${LOW_SCORE}`];
  const widths = [12, 9, 14, 9, 8, 9, 11];
  console.log(`  ${header.map((h, i) => (i === 0 ? h.padEnd(widths[i]) : h.padStart(widths[i]))).join('')}`);
  for (const [i, { label }] of contenders.entries()) {
    const reached = runs[i].map((run, s) => {
      const at = run.scores.findIndex((score) => score >= GOOD_SHARE * sessionBest[s]);
      return at === -1 ? Infinity : at + 1;
    });
    const stepsTo = median(reached);
    const cells = [
      median(runs[i].map((r) => r.bestScore)).toFixed(3),
      Number.isFinite(stepsTo) ? String(stepsTo) : `>${steps}`,
      `${((reached.filter(Number.isFinite).length / seeds.length) * 100).toFixed(0)}%`,
      median(runs[i].map((r) => r.pickedScore)).toFixed(3),
      median(runs[i].map((r) => r.remeasured)).toFixed(0),
      `${(median(runs[i].map((r) => r.scores.filter((x) => x < LOW_SCORE).length / r.scores.length)) * 100).toFixed(0)}%`,
    ];
    console.log(`  ${label.padEnd(widths[0])}${cells.map((c, j) => c.padStart(widths[j + 1])).join('')}`);
  }
  console.log();
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
