/**
 * How much noise each noise control takes out of a measurement: `npm run bench:noise [-- --short
 * | --runs N --duration S --warmup S --scale N --clients N --workload NAME --json FILE]`
 * (after `npm run build`, or `npx tsx bench/noise-bench.ts`).
 *
 * A private sandbox (its own folder and port, removed at the end) at the given scale; for each
 * setting (as is; CHECKPOINT before each run; CHECKPOINT and a template reset before each run)
 * the data is reset once, then the same configuration is run `runs` times through the
 * collector exactly as a session runs it. Each run's TPS is read three ways (pgbench's total,
 * the median and the trimmed mean of its per-second series), so the estimators are compared on
 * the same runs. Per row: mean TPS, coefficient of variation, drift per run, and what null
 * comparisons in the verification's order A B A B ... A reach after 3, 5 and 10 rounds (median
 * 95% half-width, share called significant), from every window of the series (bench/noise-stats.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchmarkResult__Output } from '../proto/generated/autotune/v1/BenchmarkResult';
import type { BenchmarkSpec__Output } from '../proto/generated/autotune/v1/BenchmarkSpec';
import { estimateTps } from '../lib/metrics/tps-estimate';
import { resetBenchData } from '../lib/postgres/bench-data-reset';
import { PgTarget } from '../lib/postgres/pg-target';
import { Sandbox } from '../lib/postgres/sandbox';
import { BUILTIN_SCRIPTS, TPS_ESTIMATORS, type BuiltinScript, type TpsEstimator } from '../lib/session/session-limits';
import { CollectorClient } from '../lib/grpc/clients/collector-client';
import { startCollector } from '../services/collector/start-collector';
import { RELOAD_ONLY } from '../lib/postgres/server-control';
import { coefficientOfVariation, driftPerRun, mean, nullSummary, type NullSummary } from './noise-stats';

export interface NoiseBenchOptions {
  runs: number;
  durationS: number;
  warmupS: number;
  scale: number;
  clients: number;
  workload: BuiltinScript;
  /** Receives a line per finished run, for people watching. */
  onProgress?: (line: string) => void;
}

/** 31 runs: 21 windows of 5 rounds and 6 of 10, the most a ~12 minute full run allows at 5 s a run. */
export const FULL_MODE: Omit<NoiseBenchOptions, 'onProgress'> = { runs: 31, durationS: 5, warmupS: 1, scale: 10, clients: 4, workload: 'tpcb-like' };
/** About two minutes: enough runs for a few 3-round windows, a smoke test of the whole path. */
export const SHORT_MODE: Omit<NoiseBenchOptions, 'onProgress'> = { ...FULL_MODE, runs: 9, durationS: 2 };

/** A noise-control setting the runs are made under. */
const SETTINGS = [
  { label: 'as is', checkpoint: 'off', dataReset: 'off' },
  { label: 'checkpoint', checkpoint: 'on', dataReset: 'off' },
  { label: 'checkpoint + reset', checkpoint: 'on', dataReset: 'bench' },
] as const;

export const ROUNDS = [3, 5, 10] as const;

export interface NoiseRow {
  setting: string;
  estimator: TpsEstimator;
  meanTps: number;
  cvPct: number;
  driftPctPerRun: number;
  nulls: NullSummary[];
}

export interface NoiseBenchReport {
  options: Omit<NoiseBenchOptions, 'onProgress'>;
  minutes: number;
  rows: NoiseRow[];
}

/** Runs every setting on a private sandbox and computes the rows; the sandbox is gone afterwards. */
export async function runNoiseBench(options: NoiseBenchOptions): Promise<NoiseBenchReport> {
  const { onProgress = () => undefined, ...shape } = options;
  const started = Date.now();
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'pgat-noise-'));
  const sandbox = new Sandbox({ baseDir, onProgress });
  try {
    const info = await sandbox.up({ scale: shape.scale });
    const target = PgTarget.fromDsn(info.dsn);
    // Through gRPC on loopback, exactly as the environment calls it during a session.
    const server = await startCollector({ target, control: RELOAD_ONLY, port: 0 });
    const collector = new CollectorClient(server.address);
    try {
      const rows: NoiseRow[] = [];
      for (const setting of SETTINGS) {
        // Every setting starts from the same data: the template's.
        await resetBenchData({ target });
        const results: BenchmarkResult__Output[] = [];
        for (let run = 0; run < shape.runs; run++) {
          const result = await collector.runBenchmark(spec(shape, setting));
          results.push(result);
          onProgress(`${setting.label}: run ${run + 1}/${shape.runs} ${result.totalTps.toFixed(0)} tps`);
        }
        for (const estimator of TPS_ESTIMATORS) {
          const series = results.map((r) => estimateTps(estimator, r.totalTps, r.progress.map((p) => p.tps)));
          rows.push({
            setting: setting.label,
            estimator,
            meanTps: mean(series),
            cvPct: coefficientOfVariation(series),
            driftPctPerRun: driftPerRun(series),
            nulls: ROUNDS.map((rounds) => nullSummary(series, rounds)),
          });
        }
      }
      return { options: shape, minutes: (Date.now() - started) / 60_000, rows };
    } finally {
      collector.close();
      await server.stop();
    }
  } finally {
    await sandbox.down().catch(() => undefined);
    rmSync(baseDir, { recursive: true, force: true });
  }
}

function spec(shape: Omit<NoiseBenchOptions, 'onProgress'>, setting: (typeof SETTINGS)[number]): BenchmarkSpec__Output {
  return {
    scripts: [{ builtin: shape.workload, file: '', weight: 1 }],
    clients: shape.clients,
    threads: 0,
    durationS: shape.durationS,
    warmupS: shape.warmupS,
    protocol: '',
    progressIntervalS: 1,
    checkpoint: setting.checkpoint,
    dataReset: setting.dataReset,
    dataResetEvery: 1,
    // Each run is read with every estimator afterwards; the total is what the collector reports as is.
    tpsEstimator: 'total',
  };
}

/** The report as a text table, one row per setting and estimator. */
export function formatNoiseTable(report: NoiseBenchReport): string {
  const { options: o } = report;
  const pct = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');
  const header = ['setting', 'estimator', 'mean tps', 'cv %', 'drift %/run', ...ROUNDS.map((r) => `±% @${r}`), ...ROUNDS.map((r) => `fp % @${r} (n)`)];
  const rows = report.rows.map((r) => [
    r.setting,
    r.estimator,
    r.meanTps.toFixed(0),
    pct(r.cvPct),
    (r.driftPctPerRun >= 0 ? '+' : '') + r.driftPctPerRun.toFixed(2),
    ...r.nulls.map((n) => pct(n.medianHalfWidthPct)),
    ...r.nulls.map((n) => `${pct(n.falsePositivePct)} (${n.comparisons})`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [
    `sandbox scale ${o.scale}, ${o.workload}, ${o.clients} clients, ${o.runs} runs of ${o.durationS} s (+${o.warmupS} s warm-up) per setting, ${report.minutes.toFixed(1)} min`,
    '±% @r: median 95% half-width of an A-against-A comparison after r rounds (A B A B ... A); fp: share called significant (windows)',
    line(header),
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      runs: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      scale: { type: 'string' },
      clients: { type: 'string' },
      workload: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const base = values.short ? SHORT_MODE : FULL_MODE;
  const int = (flag: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be an integer >= ${min}, got ${text}`);
    return n;
  };
  const workload = values.workload ?? base.workload;
  if (!(BUILTIN_SCRIPTS as readonly string[]).includes(workload)) throw new Error(`--workload must be one of ${BUILTIN_SCRIPTS.join(', ')}, got ${workload}`);
  const report = await runNoiseBench({
    runs: int('runs', values.runs, base.runs, 7),
    durationS: int('duration', values.duration, base.durationS, 1),
    warmupS: int('warmup', values.warmup, base.warmupS, 0),
    scale: int('scale', values.scale, base.scale, 1),
    clients: int('clients', values.clients, base.clients, 1),
    workload: workload as BuiltinScript,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(formatNoiseTable(report));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
