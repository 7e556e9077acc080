/**
 * Continuous tuning for tens of rounds, to show that a session that runs for days does not
 * grow: SessionRunner's real loop over the synthetic environment, whose optimum moves every
 * few watches (a new surface on which the configuration in force loses at least a quarter of its
 * throughput, so the drift is real and the watch must detect it), with a real metadata store
 * (a throwaway database on the local PostgreSQL, dropped at the end) and the replay buffer in
 * the real Redis (its keys deleted at the end).
 *
 * Prints one line per round: the watch runs that preceded it, the drift that opened it (the
 * TPS ratio of the watch over the verified level, with its interval), the round's steps, its
 * verified gain, and the process's heapUsed and rss, tfjs's tensor count and the replay
 * buffer's size when its recommendation was stored; then the heap and tensor slopes per round
 * (least squares over the rounds after the first two, which warm the process up).
 *
 * `npm run bench:continuous [-- --rounds N --interval S --iterations N --short --heap-snapshots DIR
 * --snapshot-rounds 5,25]` after `npm run build` (node runs with --expose-gc, so every figure is
 * taken after a collection). --heap-snapshots writes DIR/round-N.heapsnapshot after the line of
 * each of those rounds: two of them, diffed by constructor, say what a round leaves behind. The store is
 * at PG_AUTOTUNE_BENCH_DSN (default postgres://postgres@127.0.0.1:5432/postgres, on whose
 * server the throwaway database is created), Redis at REDIS_URL (default redis://127.0.0.1:6379).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { Client } from 'pg';
import Redis from 'ioredis';
import { selectBackend } from '../model/backend';
import { RedisReplayBuffer } from '../model/replay/redis-replay-buffer';
import { SyntheticEnvironment } from '../model/synthetic-environment';
import { logger } from '../lib/core/logger';
import { PgTarget } from '../lib/postgres/pg-target';
import { applySessionDefaults } from '../lib/session/session-options';
import { ensureDatabase } from '../lib/store/ensure-database';
import { openStore, type MetadataStore } from '../lib/store/metadata-store';
import { quoteIdentifier } from '../lib/store/sql-identifier';
import type { VerificationRecord } from '../lib/store/verification-record';
import { WATCH_DECISION_METRICS } from '../lib/store/watch-decision-metrics';
import type { DriftDecision } from '../services/trainer/drift-test';
import { SessionRunner } from '../services/trainer/session-runner';
import { SyntheticTarget } from '../services/trainer/synthetic-target';
import { syntheticEnvironment } from '../services/trainer/synthetic-tuning-environment';

const STORE_DSN = process.env.PG_AUTOTUNE_BENCH_DSN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The optimum moves at every SHIFT_EVERY-th watch. */
const SHIFT_EVERY = 3;
/** A move costs the configuration in force at least this share of its throughput. */
const SHIFT_DROP = 0.25;
/** Surfaces looked at per move. */
const SHIFT_TRIES = 50;
/** The synthetic surface's default throughput at its optimum. */
const OPTIMUM_TPS = 1000;
/** Runs per watch: with 3 a side, a 25% drop at 5% noise is near what a 99% Welch interval can resolve. */
const WATCH_RUNS = 5;
const SURFACE = { knobs: 6, metrics: 4, noise: 0.05 };
/** Rounds the slopes leave out: the first ones load tfjs kernels, fill caches and grow the replay buffer's pool. */
const WARMUP_ROUNDS = 2;

interface BenchArgs {
  rounds: number;
  intervalS: number;
  iterations: number;
  /** Where heap snapshots go, at the rounds in snapshotRounds (to diff what a round retains). */
  snapshotDir?: string;
  snapshotRounds: number[];
}

function benchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      interval: { type: 'string' },
      iterations: { type: 'string' },
      short: { type: 'boolean' },
      'heap-snapshots': { type: 'string' },
      'snapshot-rounds': { type: 'string' },
    },
  });
  const short = values.short === true;
  const number = (name: string, text: string | undefined, fallback: number, min: number) => {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name}: an integer >= ${min}, got ${text}`);
    return value;
  };
  return {
    rounds: number('rounds', values.rounds, short ? 6 : 30, 2),
    intervalS: number('interval', values.interval, 1, 1),
    iterations: number('iterations', values.iterations, short ? 5 : 8, 1),
    snapshotDir: values['heap-snapshots'],
    snapshotRounds: (values['snapshot-rounds'] ?? '5,25').split(',').map((r) => number('snapshot-rounds', r, 0, 1)),
  };
}

interface RoundLine {
  round: number;
  watchRuns: number;
  drift: string;
  steps: number;
  gain: string;
  heapMb: number;
  rssMb: number;
  tensors: number;
  replay: number;
}

async function main(): Promise<void> {
  if (!process.env.PG_AUTOTUNE_LOG_LEVEL) logger.level = 'warn';
  const args = benchArgs(process.argv.slice(2));
  const backend = await selectBackend();
  const database = `pg_autotune_bench_continuous_${randomBytes(4).toString('hex')}`;
  const server = PgTarget.fromDsn(STORE_DSN, process.env, 'PG_AUTOTUNE_BENCH_DSN');
  const target = server.withDatabase(database);
  const keyPrefix = `bench:continuous-${randomBytes(4).toString('hex')}`;
  console.log(`continuous-tuning bench: ${args.rounds} rounds, ${args.iterations} steps each, a watch every ${args.intervalS} s, the optimum moving every ${SHIFT_EVERY} watches`);
  console.log(`tfjs backend ${backend.name}; store ${target.describe()} (throwaway); replay in ${REDIS_URL} under ${keyPrefix}`);
  await ensureDatabase(target);
  let store: MetadataStore | undefined;
  let sessionId: string | undefined;
  try {
    store = await openStore({ target });
    const lines = await runRounds(store, args, keyPrefix, (id) => (sessionId = id));
    printSlopes(lines);
  } finally {
    await store?.close();
    if (sessionId) {
      const redis = new Redis(REDIS_URL);
      await RedisReplayBuffer.dropSession(redis, sessionId, keyPrefix);
      await redis.quit();
    }
    await dropDatabase(server, database);
  }
}

async function runRounds(store: MetadataStore, args: BenchArgs, keyPrefix: string, onSession: (id: string) => void): Promise<RoundLine[]> {
  const target = new SyntheticTarget(new SyntheticEnvironment({ ...SURFACE, seed: 1 }));
  const instance = await store.instances.upsert({ name: 'synthetic', collectorAddress: '127.0.0.1:1' });
  const created = await store.sessions.create(
    instance.id,
    applySessionDefaults({
      iterations: args.iterations,
      verifyRepeats: 3,
      seed: 1,
      applyBest: true,
      benchmark: { scripts: [{ builtin: 'select-only' }], clients: 2, durationS: 1, warmupS: 0 },
      continuous: true,
      watchIntervalS: args.intervalS,
      watchRuns: WATCH_RUNS,
      // Unlimited: the bench cancels it once the last round is measured, while it watches, so
      // every line is taken with the session's agent alive (a finished session disposes it).
      maxRounds: 0,
    }),
  );
  onSession(created.id);
  const session = (await store.sessions.claimNext('bench-continuous', { sessionId: created.id }))!;
  const synthetic = syntheticEnvironment(target);
  // The bench's own view of the session's buffer: the runner closes its own when the session ends.
  let observer: RedisReplayBuffer | undefined;
  let opens = 0;
  let nextSeed = 2;
  const run = new SessionRunner(session, {
    store,
    workerId: 'bench-continuous',
    openReplay: async (id, stateDim, actionDim) => {
      const options = { session: id, url: REDIS_URL, keyPrefix, stateDim, actionDim, capacity: 100_000 };
      observer ??= await RedisReplayBuffer.open(options);
      return RedisReplayBuffer.open(options);
    },
    openEnvironment: async (request) => {
      // The first open is round 1's; every later one is a watch's.
      opens += 1;
      if (opens > 1 && (opens - 1) % SHIFT_EVERY === 0) nextSeed = shiftOptimum(target, nextSeed);
      return synthetic(request);
    },
  }).run();

  const header = ['round', 'watch runs', 'drift TPS ratio [99% CI]', 'steps', 'verified gain', 'heapUsed MB', 'rss MB', 'tensors', 'replay'];
  console.log(header.join(' | '));
  const lines: RoundLine[] = [];
  let ended = false;
  void run.finally(() => (ended = true));
  while (lines.length < args.rounds && !ended) {
    const latest = await store.recommendations.get(session.id).catch(() => undefined);
    if (latest && latest.round > lines.length) {
      const line = await roundLine(store, session.id, latest.round, latest.report as unknown as VerificationRecord, observer);
      lines.push(line);
      console.log(formatLine(line));
      if (args.snapshotDir && args.snapshotRounds.includes(line.round)) {
        console.log(`heap snapshot ${writeHeapSnapshot(join(args.snapshotDir, `round-${line.round}.heapsnapshot`))}`);
      }
    } else await new Promise((r) => setTimeout(r, 100));
  }
  await observer?.close();
  if (!ended) await store.sessions.setStatus(session.id, 'cancelled');
  const end = await run;
  console.log(`session ${end} after ${lines.length} rounds (cancelled while watching; the configuration in force kept)`);
  if (end !== 'cancelled' || lines.length < args.rounds) throw new Error(`the session ended ${end} after ${lines.length} rounds; see the log on stderr`);
  return lines;
}

/**
 * Moves the optimum: the next surface (by seed) on which the configuration in force loses at
 * least SHIFT_DROP of its true throughput. When it is already poor everywhere (no surface among
 * the next SHIFT_TRIES costs it that much), the surface that costs it most is taken with its
 * optimum's throughput lowered until it does: the workload also got heavier. Returns the seed
 * to try next time.
 */
function shiftOptimum(target: SyntheticTarget, seed: number): number {
  const before = target.truePerformance();
  let worst = { seed, performance: Infinity };
  for (let s = seed; s < seed + SHIFT_TRIES; s++) {
    target.changeWorkload(new SyntheticEnvironment({ ...SURFACE, seed: s }));
    const performance = target.truePerformance();
    if (performance <= (1 - SHIFT_DROP) * before) return s + 1;
    if (performance < worst.performance) worst = { seed: s, performance };
  }
  const optimumPerformance = (OPTIMUM_TPS * (1 - SHIFT_DROP) * before) / worst.performance;
  target.changeWorkload(new SyntheticEnvironment({ ...SURFACE, seed: worst.seed, optimumPerformance }));
  return seed + SHIFT_TRIES;
}

async function roundLine(store: MetadataStore, sessionId: string, round: number, report: VerificationRecord, replay: RedisReplayBuffer | undefined): Promise<RoundLine> {
  const watched = round === 1 ? [] : await store.iterations.list(sessionId, 'watch', round - 1);
  const drift = watched.flatMap((r) => (r.metrics[WATCH_DECISION_METRICS.drift] ? [r.metrics[WATCH_DECISION_METRICS.drift] as DriftDecision] : [])).at(-1);
  const steps = (await store.iterations.list(sessionId, 'step', round)).length;
  const chosen = report.candidates.find((c) => c.label === report.chosen);
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  return {
    round,
    watchRuns: watched.length,
    drift: drift ? `${drift.tps.median.toFixed(3)} [${drift.tps.low.toFixed(3)}, ${drift.tps.high.toFixed(3)}]` : '-',
    steps,
    gain: chosen ? `${((chosen.tpsRatio.median - 1) * 100).toFixed(1)}%` : 'none significant',
    heapMb: memory.heapUsed / 2 ** 20,
    rssMb: memory.rss / 2 ** 20,
    tensors: tf.memory().numTensors,
    replay: replay ? await replay.size() : 0,
  };
}

function formatLine(l: RoundLine): string {
  return [l.round, l.watchRuns, l.drift, l.steps, l.gain, l.heapMb.toFixed(1), l.rssMb.toFixed(1), l.tensors, l.replay].join(' | ');
}

/** Least-squares slopes per round of heapUsed and the tensor count, past the warm-up rounds. */
function printSlopes(lines: RoundLine[]): void {
  const used = lines.filter((l) => l.round > WARMUP_ROUNDS);
  if (used.length < 2) {
    console.log(`slopes: need at least ${WARMUP_ROUNDS + 2} rounds`);
    return;
  }
  const slope = (y: (l: RoundLine) => number) => {
    const mx = used.reduce((s, l) => s + l.round, 0) / used.length;
    const my = used.reduce((s, l) => s + y(l), 0) / used.length;
    const sxy = used.reduce((s, l) => s + (l.round - mx) * (y(l) - my), 0);
    const sxx = used.reduce((s, l) => s + (l.round - mx) ** 2, 0);
    return sxy / sxx;
  };
  const first = used[0]!.round;
  const last = used.at(-1)!.round;
  console.log(
    `slopes over rounds ${first}..${last}: heapUsed ${slope((l) => l.heapMb).toFixed(3)} MB/round, rss ${slope((l) => l.rssMb).toFixed(3)} MB/round, ` +
      `tensors ${slope((l) => l.tensors).toFixed(3)}/round (replay grows by design: ${replayPerRound(lines)} transitions a round)`,
  );
}

/** Transitions the last round added to the replay buffer (it keeps every round's: the warm start's point). */
function replayPerRound(lines: RoundLine[]): string {
  const a = lines.at(-1)!;
  const b = lines.at(-2);
  return b ? String(a.replay - b.replay) : '?';
}

async function dropDatabase(server: PgTarget, database: string): Promise<void> {
  const client = new Client(server.clientConfig());
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database, 'bench database')} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
