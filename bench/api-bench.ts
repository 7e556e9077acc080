/**
 * Latency of the Recommendation API under polling load, the way a dashboard uses it: a real
 * `serve recommendation` process (dist/cli/main.js) over a throwaway store database holding
 * one finished session (a baseline, 30 steps, verification runs and a recommendation),
 * and a plain grpc-js client sending GetRecommendation at a fixed rate (open loop: calls
 * are sent on schedule whether or not earlier ones have answered). Prints p50/p99 latency
 * and errors per rate. Run with `npm run bench:api -- --rate 50,500 --seconds 10` after
 * `npm run build`; the store server is PG_AUTOTUNE_TEST_DSN (default
 * postgres://postgres@127.0.0.1:5432/postgres). The database is dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import * as grpc from '@grpc/grpc-js';
import { Client } from 'pg';
import { autotuneV1 } from '../lib/grpc/autotune-proto';
import { PgTarget } from '../lib/postgres/pg-target';
import { ensureDatabase } from '../lib/store/ensure-database';
import { openStore } from '../lib/store/metadata-store';

const SERVER_DSN = process.env.PG_AUTOTUNE_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STEPS = 30;
const CALL_DEADLINE_MS = 5_000;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function seedFinishedSession(target: PgTarget): Promise<string> {
  const store = await openStore({ target });
  try {
    const instance = await store.instances.upsert({ name: 'bench-db', collectorAddress: '127.0.0.1:1' });
    const session = await store.sessions.create(instance.id, { iterations: STEPS, benchmark: { durationS: 10, clients: 4 } });
    const knobs = [{ name: 'work_mem', value: '4096' }, { name: 'shared_buffers', value: '16384' }];
    const runOf = (kind: 'baseline' | 'step' | 'verify', n: number, tps: number) => ({
      sessionId: session.id, kind, n, knobs, tps, latencyAvgMs: 2, latencyP95Ms: 4, latencyP99Ms: 6,
      state: Array.from({ length: 20 }, (_, i) => i / 20), action: [0.1, 0.2], reward: 0.1,
    });
    await store.iterations.insert(runOf('baseline', 1, 100));
    for (let n = 1; n <= STEPS; n++) await store.iterations.insert(runOf('step', n, 100 + n));
    for (let n = 1; n <= 10; n++) await store.iterations.insert(runOf('verify', n, 110));
    const runs = { tps: [100, 101, 99], latencyAvgMs: [2, 2, 2], p95Ms: [4, 4, 4], p99Ms: [6, 6, 6] };
    const best = [{ name: 'work_mem', value: '16384' }, { name: 'shared_buffers', value: '16384' }];
    await store.recommendations.save({
      sessionId: session.id,
      knobs: best,
      report: {
        repeats: 3, baselineKnobs: knobs, baseline: runs, chosen: 'candidate-1',
        candidates: [{ label: 'candidate-1', fromIteration: 30, knobs: best, ...runs, tps: [120, 121, 119] }],
        tpsRatio: { median: 1.2, low: 1.1, high: 1.3 }, significant: true, summary: 'bench', appliedBest: false,
      },
    });
    await store.sessions.setStatus(session.id, 'finished');
    return session.id;
  } finally {
    await store.close();
  }
}

/** Starts the real service process and resolves with its address from its "serving" log line (port 0: a free port). */
function startService(storeDsn: string): Promise<{ child: ChildProcess; address: string }> {
  const main = path.join(__dirname, '..', 'cli', 'main.js');
  const child = spawn(process.execPath, [main, 'serve', 'recommendation', '--store', storeDsn, '--port', '0'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, PG_AUTOTUNE_LOG_LEVEL: 'info' },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve recommendation exited with ${code}`)));
    // The service logs (JSON lines) to stderr.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const address = /"address":"([^"]+)"/.exec(line)?.[1];
      if (address) resolve({ child, address });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(address: string, sessionId: string, rate: number, seconds: number): Promise<string> {
  const client = new (autotuneV1().Recommendation)(address, grpc.credentials.createInsecure());
  const latencies: number[] = [];
  let errors = 0;
  const codes = new Map<string, number>();
  const total = rate * seconds;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    let answered = 0;
    const tick = setInterval(() => {
      // Catch up to the schedule: a late timer sends every call that was due.
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        const t0 = performance.now();
        client.getRecommendation({ sessionId }, { deadline: Date.now() + CALL_DEADLINE_MS }, (err) => {
          if (err) {
            errors++;
            const name = grpc.status[err.code] ?? String(err.code);
            codes.set(name, (codes.get(name) ?? 0) + 1);
          }
          else latencies.push(performance.now() - t0);
          if (++answered === total) resolve();
        });
      }
      if (sent >= total) clearInterval(tick);
    }, 1);
  });
  client.close();
  latencies.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(2);
  return `rate ${rate}/s for ${seconds} s: ${total} calls, p50 ${f(percentile(latencies, 50))} ms, p99 ${f(percentile(latencies, 99))} ms, errors ${errors}${errors > 0 ? ` (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')})` : ''}`;
}

async function main(): Promise<void> {
  const rates = flag('rate', '50,500').split(',').map(Number);
  const seconds = Number(flag('seconds', '10'));
  if (rates.some((r) => !(r > 0)) || !(seconds > 0)) throw new Error('--rate takes positive numbers (50,500), --seconds a positive number');
  const server = PgTarget.fromDsn(SERVER_DSN, {});
  const target = server.withDatabase(`pg_autotune_bench_${randomBytes(4).toString('hex')}`);
  await ensureDatabase(target);
  let child: ChildProcess | undefined;
  try {
    const sessionId = await seedFinishedSession(target);
    const service = await startService(target.describe());
    child = service.child;
    console.log(`serve recommendation at ${service.address}, one finished session (${STEPS} steps)`);
    // One call first: the report is built then, as a dashboard's first poll would.
    await load(service.address, sessionId, 1, 1);
    for (const rate of rates) console.log(await load(service.address, sessionId, rate, seconds));
  } finally {
    child?.removeAllListeners('exit');
    child?.kill('SIGTERM');
    if (child) await new Promise((r) => child!.once('exit', r));
    const admin = new Client(server.clientConfig());
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${target.database}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
