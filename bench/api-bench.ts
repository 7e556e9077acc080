/**
 * Latency of the Recommendation API under polling load, the way a dashboard uses it: a real
 * `serve recommendation` process (dist/cli/main.js) over a throwaway store database holding
 * one finished session (a baseline, 30 steps, verification runs and a recommendation),
 * and a plain grpc-js client sending GetRecommendation at a fixed rate (open loop: calls
 * are sent on schedule whether or not earlier ones have answered). Prints p50/p99 latency,
 * errors, the CPU time per call of the server and of this client (the client shares the
 * machine: it must not be what limits the figure) and the load average, per run and, with
 * --repeat, the medians. Run with `npm run bench:api -- --rate 50,500 --seconds 10` after
 * `npm run build`. Options: --repeat N runs per rate; --channels N client channels (each
 * its own connection); --raw keeps responses as bytes (no decoding in the client);
 * --server-cpu-prof DIR writes the server's V8 CPU profile there; --floor interleaves each run
 * with the same run against a bare grpc-js server sending the same answer
 * (bench/bare-grpc-server.ts), the floor this client and machine allow. Exits 1 when any call
 * failed. The store server is
 * PG_AUTOTUNE_TEST_DSN (default postgres://postgres@127.0.0.1:5432/postgres); the database
 * is dropped at the end.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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

/** Starts the bare grpc-js server (the floor) with the answer on its stdin; resolves with its address. */
function startBare(answer: Buffer): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'bare-grpc-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin!.end(answer);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare grpc-js server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, address: (JSON.parse(line) as { address: string }).address }));
  });
}

/** Starts the real service process and resolves with its gRPC and /metrics addresses from its "serving" log line (port 0: free ports). */
function startService(storeDsn: string, nodeArgs: string[]): Promise<{ child: ChildProcess; address: string; metrics: string }> {
  const main = path.join(__dirname, '..', 'cli', 'main.js');
  const child = spawn(process.execPath, [...nodeArgs, main, 'serve', 'recommendation', '--store', storeDsn, '--port', '0', '--metrics-port', '0'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, PG_AUTOTUNE_LOG_LEVEL: 'info' },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve recommendation exited with ${code}`)));
    // The service logs (JSON lines) to stderr.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const address = /"address":"([^"]+)"/.exec(line)?.[1];
      const metrics = /"metrics":"([^"]+)"/.exec(line)?.[1];
      if (address && metrics) resolve({ child, address, metrics });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

interface LoadOptions {
  address: string;
  sessionId: string;
  rate: number;
  seconds: number;
  /** Client channels the calls are spread over, each its own HTTP/2 connection. */
  channels: number;
  /** Keep the response as bytes (no protobuf decoding in the client), to see what decoding costs the client. */
  raw: boolean;
  /** The server process, whose CPU time is read from /proc. */
  serverPid: number;
  /** Its /metrics address; none for the bare server. */
  metrics?: string;
}

interface LoadResult {
  p50: number;
  p99: number;
  errors: number;
  codes: Map<string, number>;
  /** The first error's details per code. */
  details: Map<string, string>;
  /** CPU time per call, microseconds, of this client process and of the server process. */
  clientUsPerCall: number;
  serverUsPerCall: number;
  /** Share of one core the client used over the run. */
  clientCore: number;
  /** The 1-minute load average at the end of the run. */
  load: number;
  /**
   * How late this client's event loop ran beyond its timer (p99 and max, ms): a stall here is
   * the machine not running the client (or its own work), which delays every call in flight
   * whatever the server does.
   */
  clientStallP99: number;
  clientStallMax: number;
  /** None for the bare server, which keeps no metrics. */
  server?: ServerView;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of a process in microseconds (Linux /proc), NaN where there is no /proc. */
function processCpuUs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return Number.NaN;
  }
}

/** The server's own view of a run, from its /metrics (scraped before and after). */
interface ServerView {
  /** GetRecommendation calls answered OK, and how many within 1 ms and 5 ms of arriving (pg_autotune_rpc_duration_seconds). */
  ok: number;
  within1ms: number;
  within5ms: number;
  /** How late the server's event loop ran since the previous scrape (prom-client resets it on each), beyond its timer: p99 and max, ms. */
  lagP99: number;
  lagMax: number;
}

const METHOD = '/autotune.v1.Recommendation/GetRecommendation';
/**
 * The event-loop delay histograms record the whole interval between timer callbacks, so an
 * idle loop reads as its timer: 1 ms for the client's monitor, 10 ms for the server's
 * (prom-client's default eventLoopMonitoringPrecision, which lib/prometheus keeps). Subtracted.
 */
const CLIENT_LAG_TIMER_MS = 1;
const SERVER_LAG_TIMER_MS = 10;

function scrape(metricsAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`http://${metricsAddress}/metrics`, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}

function sample(text: string, name: string, labels: string[] = []): number {
  const line = text.split('\n').find((l) => l.startsWith(name) && labels.every((label) => l.includes(label)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

function serverView(before: string, after: string): ServerView {
  const labels = [`method="${METHOD}"`, 'code="OK"'];
  const bucket = (text: string, le: string) => sample(text, 'pg_autotune_rpc_duration_seconds_bucket', [`le="${le}"`, ...labels]) || 0;
  const diff = (le: string) => bucket(after, le) - bucket(before, le);
  return {
    ok: diff('+Inf'),
    within1ms: diff('0.001'),
    within5ms: diff('0.005'),
    lagP99: sample(after, 'nodejs_eventloop_lag_p99_seconds') * 1000 - SERVER_LAG_TIMER_MS,
    lagMax: sample(after, 'nodejs_eventloop_lag_max_seconds') * 1000 - SERVER_LAG_TIMER_MS,
  };
}

/** Calls that answer the way a grpc-js client does, or (raw) bytes the client never decodes. */
function callers(address: string, channels: number, raw: boolean): { call: (sessionId: string, deadline: number, done: (err: grpc.ServiceError | null) => void) => void; close(): void } {
  const Recommendation = autotuneV1().Recommendation;
  const method = Recommendation.service.GetRecommendation;
  // Without a local subchannel pool, clients of one address share a single connection.
  const options = { 'grpc.use_local_subchannel_pool': 1 };
  const clients = Array.from({ length: channels }, () => new Recommendation(address, grpc.credentials.createInsecure(), options));
  let next = 0;
  return {
    call: (sessionId, deadline, done) => {
      const client = clients[next++ % clients.length]!;
      if (raw) client.makeUnaryRequest(method.path, method.requestSerialize, (bytes: Buffer) => bytes, { sessionId }, { deadline }, done);
      else client.getRecommendation({ sessionId }, { deadline }, done);
    },
    close: () => clients.forEach((c) => c.close()),
  };
}

/** One call, the report built then (as a dashboard's first poll would); its answer as bytes. */
function firstCall(address: string, sessionId: string): Promise<Buffer> {
  const client = new (autotuneV1().Recommendation)(address, grpc.credentials.createInsecure());
  const method = autotuneV1().Recommendation.service.GetRecommendation;
  return new Promise<Buffer>((resolve, reject) => {
    client.makeUnaryRequest(method.path, method.requestSerialize, (bytes: Buffer) => bytes, { sessionId }, { deadline: Date.now() + 30_000 }, (err, bytes) => {
      client.close();
      if (err || !bytes) reject(err ?? new Error('no answer'));
      else resolve(bytes);
    });
  });
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const { rate, seconds } = options;
  const client = callers(options.address, options.channels, options.raw);
  const latencies: number[] = [];
  let errors = 0;
  const codes = new Map<string, number>();
  const details = new Map<string, string>();
  const total = Math.max(1, Math.round(rate * seconds));
  const metricsBefore = options.metrics ? await scrape(options.metrics) : undefined;
  const stalls = monitorEventLoopDelay({ resolution: CLIENT_LAG_TIMER_MS });
  stalls.enable();
  const cpu0 = process.cpuUsage();
  const server0 = processCpuUs(options.serverPid);
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    let answered = 0;
    const tick = setInterval(() => {
      // Catch up to the schedule: a late timer sends every call that was due.
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        const t0 = performance.now();
        client.call(options.sessionId, Date.now() + CALL_DEADLINE_MS, (err) => {
          if (err) {
            errors++;
            const name = grpc.status[err.code] ?? String(err.code);
            codes.set(name, (codes.get(name) ?? 0) + 1);
            if (!details.has(name)) details.set(name, err.details);
          } else latencies.push(performance.now() - t0);
          if (++answered === total) resolve();
        });
      }
      if (sent >= total) clearInterval(tick);
    }, 1);
  });
  const wallUs = (performance.now() - start) * 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverUs = processCpuUs(options.serverPid) - server0;
  stalls.disable();
  client.close();
  const server = options.metrics && metricsBefore ? serverView(metricsBefore, await scrape(options.metrics)) : undefined;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    codes,
    details,
    clientUsPerCall: (cpu.user + cpu.system) / total,
    serverUsPerCall: serverUs / total,
    clientCore: (cpu.user + cpu.system) / wallUs,
    load: loadavg()[0]!,
    clientStallP99: stalls.percentile(99) / 1e6 - CLIENT_LAG_TIMER_MS,
    clientStallMax: stalls.max / 1e6 - CLIENT_LAG_TIMER_MS,
    server,
  };
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(2)}%` : 'n/a';
}

function describe(r: LoadResult): string {
  const f = (x: number) => x.toFixed(2);
  const codes = r.errors > 0 ? ` (${[...r.codes].map(([c, n]) => `${c} ${n}: "${r.details.get(c)}"`).join(', ')})` : '';
  return (
    `p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms, errors ${r.errors}${codes}; CPU per call: server ${r.serverUsPerCall.toFixed(0)} us, ` +
    `client ${r.clientUsPerCall.toFixed(0)} us (client ${(100 * r.clientCore).toFixed(0)}% of a core); client event loop late by p99 ` +
    `${f(r.clientStallP99)} ms, max ${f(r.clientStallMax)} ms; ` +
    (r.server
      ? `server: ${share(r.server.within1ms, r.server.ok)} of calls within 1 ms of arriving, ` +
        `${share(r.server.within5ms, r.server.ok)} within 5 ms, event loop late by p99 ${f(r.server.lagP99)} ms, max ${f(r.server.lagMax)} ms; `
      : '') +
    `load ${r.load.toFixed(2)}`
  );
}

async function main(): Promise<void> {
  const rates = flag('rate', '50,500').split(',').map(Number);
  const seconds = Number(flag('seconds', '10'));
  const repeat = Number(flag('repeat', '1'));
  const channels = Number(flag('channels', '1'));
  const raw = process.argv.includes('--raw');
  const profileDir = flag('server-cpu-prof', '');
  const floor = process.argv.includes('--floor');
  if (rates.some((r) => !(r > 0)) || !(seconds > 0)) throw new Error('--rate takes positive numbers (50,500), --seconds a positive number');
  if (!Number.isInteger(repeat) || repeat < 1 || !Number.isInteger(channels) || channels < 1) throw new Error('--repeat and --channels take whole numbers >= 1');
  const server = PgTarget.fromDsn(SERVER_DSN, {});
  const target = server.withDatabase(`pg_autotune_bench_${randomBytes(4).toString('hex')}`);
  await ensureDatabase(target);
  const children: ChildProcess[] = [];
  try {
    const sessionId = await seedFinishedSession(target);
    const service = await startService(target.describe(), profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []);
    children.push(service.child);
    const answer = await firstCall(service.address, sessionId);
    const bare = floor ? await startBare(answer) : undefined;
    if (bare) children.push(bare.child);
    console.log(
      `serve recommendation at ${service.address}, one finished session (${STEPS} steps), answer ${answer.length} bytes; ${channels} client channel(s), ` +
        `${raw ? 'responses kept as bytes (--raw)' : 'responses decoded'}, ${repeat} run(s) per rate` +
        (bare ? `; each run followed by the same run against a bare grpc-js server at ${bare.address} sending the same answer (--floor)` : ''),
    );
    const common = { sessionId, channels, raw };
    const servers = [
      { label: 'service', options: { ...common, address: service.address, serverPid: service.child.pid!, metrics: service.metrics } },
      ...(bare ? [{ label: 'bare grpc-js', options: { ...common, address: bare.address, serverPid: bare.child.pid! } }] : []),
    ];
    let failed = 0;
    for (const rate of rates) {
      const runs = new Map<string, LoadResult[]>(servers.map((s) => [s.label, []]));
      for (let i = 0; i < repeat; i++) {
        // Interleaved, so that both servers meet the same state of the machine.
        for (const { label, options } of servers) {
          const result = await load({ ...options, rate, seconds });
          runs.get(label)!.push(result);
          failed += result.errors;
          console.log(`${bare ? `${label}, ` : ''}rate ${rate}/s for ${seconds} s (${Math.round(rate * seconds)} calls), run ${i + 1}: ${describe(result)}`);
        }
      }
      if (repeat > 1) for (const [label, of] of runs) console.log(`${bare ? `${label}, ` : ''}${summary(rate, of)}`);
      if (bare) {
        const p99 = (label: string) => median(runs.get(label)!.map((r) => r.p99));
        console.log(`rate ${rate}/s: median p99 of the service ${p99('service').toFixed(2)} ms against ${p99('bare grpc-js').toFixed(2)} ms for the bare server (ratio ${(p99('service') / p99('bare grpc-js')).toFixed(2)})`);
      }
    }
    // The goal includes "no errors": a run with any is a failed bench (CI's smoke run relies on it).
    if (failed > 0) {
      console.error(`${failed} call(s) failed (codes above)`);
      process.exitCode = 1;
    }
  } finally {
    for (const child of children) {
      child.removeAllListeners('exit');
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    const admin = new Client(server.clientConfig());
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${target.database}" WITH (FORCE)`);
    await admin.end();
  }
}

/** The medians over the repeated runs at one rate. */
function summary(rate: number, runs: LoadResult[]): string {
  const m = (pick: (r: LoadResult) => number) => median(runs.map(pick));
  const serverLag = runs.every((r) => r.server) ? `, ${m((r) => r.server!.lagMax).toFixed(1)} ms (server)` : '';
  return (
    `rate ${rate}/s median of ${runs.length}: p50 ${m((r) => r.p50).toFixed(2)} ms, p99 ${m((r) => r.p99).toFixed(2)} ms, errors ${m((r) => r.errors)} ` +
    `(per run ${runs.map((r) => r.errors).join(', ')}); server ${m((r) => r.serverUsPerCall).toFixed(0)} us/call, client ${m((r) => r.clientUsPerCall).toFixed(0)} us/call, ` +
    `event loops late by max ${m((r) => r.clientStallMax).toFixed(1)} ms (client)${serverLag}; load ${runs.map((r) => r.load.toFixed(2)).join(', ')}`
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
