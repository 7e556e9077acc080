/**
 * Figures for the learner, printed as text: which tfjs backend runs, training throughput,
 * act() latency, what 10k transitions cost in Redis, learning curves on the synthetic
 * environment, and how the agents fare on each of its shapes under 10% and 20% noise. Run with `npm run bench:model` (after `npm run build`) or
 * `npx tsx bench/model-bench.ts`. Redis is expected at REDIS_URL (default
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
import { runSyntheticTuning } from '../model/run-synthetic-tuning';
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
const SHAPE_STEPS = 60;
/** A step whose true score is below this share of the optimum counts as a near-failure (past a cliff, say). */
const LOW_SCORE = 0.2;
/** What "found it" means in the steps-to column. */
const GOOD_SCORE = 0.95;
/** The contenders: each agent, the same ddpg++ with training switched off, and random search. */
const CONTENDERS: { label: string; kind: AgentKind; options: { updatesPerStep?: number } }[] = [
  { label: 'ddpg', kind: 'ddpg', options: {} },
  { label: 'ddpg++', kind: 'ddpg++', options: {} },
  { label: 'untrained', kind: 'ddpg++', options: { updatesPerStep: 0 } },
  { label: 'random', kind: 'random', options: {} },
];

async function main(): Promise<void> {
  const backend = await selectBackend();
  console.log(`backend: ${backend.name}${backend.fallbacks.length ? ` (passed over: ${backend.fallbacks.join('; ')})` : ''}`);
  console.log(`host: ${process.version}, ${require('node:os').cpus().length} cpus\n`);

  await updatesPerSecond();
  await actLatency();
  await redisMemory();
  for (const noise of [0, 0.1]) await learningCurves(noise);
  for (const noise of [0.1, 0.2]) for (const shape of SYNTHETIC_SHAPES) await shapeComparison(shape, noise);
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
 * One shape at one noise level, per contender, medians over SHAPE_SEEDS: the best true score
 * after 20 and after SHAPE_STEPS steps, the first step whose best reached GOOD_SCORE, and
 * the share of steps that scored below LOW_SCORE ('untrained' is ddpg++ whose train() runs
 * no update: what the learning adds is the gap to it).
 */
async function shapeComparison(shape: SyntheticShape, noise: number): Promise<void> {
  console.log(`shape ${shape}, noise ${noise * 100}%: medians over seeds ${SHAPE_SEEDS.join(',')}`);
  console.log(`  ${''.padEnd(11)}${'best@20'.padStart(9)}${`best@${SHAPE_STEPS}`.padStart(9)}${`steps to ${GOOD_SCORE}`.padStart(15)}${`steps < ${LOW_SCORE}`.padStart(13)}`);
  for (const { label, kind, options } of CONTENDERS) {
    const at20: number[] = [];
    const atEnd: number[] = [];
    const stepsToGood: number[] = [];
    const lowShare: number[] = [];
    for (const seed of SHAPE_SEEDS) {
      const env = new SyntheticEnvironment({ seed, noise, shape });
      const agent = await createAgent(kind, { stateDim: env.stateDim, actionDim: env.actionDim, seed, ...options });
      const run = await runSyntheticTuning(agent, env, SHAPE_STEPS);
      await agent.dispose();
      at20.push(run.bestScoreByStep[19]);
      atEnd.push(run.bestScore);
      const reached = run.bestScoreByStep.findIndex((best) => best >= GOOD_SCORE);
      stepsToGood.push(reached === -1 ? Infinity : reached + 1);
      lowShare.push(run.scores.filter((score) => score < LOW_SCORE).length / run.scores.length);
    }
    const steps = median(stepsToGood);
    console.log(
      `  ${label.padEnd(11)}${median(at20).toFixed(3).padStart(9)}${median(atEnd).toFixed(3).padStart(9)}` +
        `${(Number.isFinite(steps) ? steps.toFixed(0) : `>${SHAPE_STEPS}`).padStart(15)}${`${(median(lowShare) * 100).toFixed(0)}%`.padStart(13)}`,
    );
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
