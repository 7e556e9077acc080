/**
 * Does the tuner beat PGTune's rules and random search? `npm run bench:tuning [-- --short |
 * --workloads a,b --agents rules,random,ddpg,ddpg++ --steps N --duration S --warmup S
 * --verify R --start FILE|none --out DIR]` (after `npm run build`).
 *
 * Per workload preset (workloads/workloads.json): a private sandbox at the preset's scale
 * (its own folder and port, removed at the end); every agent tunes it with the same budget
 * from the same start configuration (`tune --target ... --start-config FILE`, each session
 * restoring the real original at its end); then the start configuration and every agent's
 * best verified configuration are verified against each other in one interleaved,
 * sequential verification (the trainer's own verifyCandidates, through the environment and
 * collector services), so every ratio in the table comes from the same rounds. Numbers come
 * from the tool's own reports and verification; nothing is estimated here.
 *
 * Steps to 95%, twice: the first tuning step whose TPS reaches 95% of the session's own best
 * step (how fast it converges on what it found), and 95% of the best step TPS any agent
 * measured on that workload (a common reference: an agent that only finds a poor optimum
 * does not reach it early by finding little). Agents run one after another, so the second
 * mixes in how loaded the machine was during each session.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { KnobSetting__Output as KnobSetting } from '../proto/generated/autotune/v1/KnobSetting';
import { EnvironmentClient } from '../lib/grpc/clients/environment-client';
import { escapeHtml } from '../lib/report/html-escape';
import { REPORT_STYLE } from '../lib/report/report-style';
import type { ReportDocument } from '../lib/report/report-document';
import { parseReportDocument } from '../lib/report/report-document-schema';
import { linearTicks, paddedDomain, renderChart } from '../lib/report/svg-chart';
import { PgTarget } from '../lib/postgres/pg-target';
import { Sandbox } from '../lib/postgres/sandbox';
import { pgCtlControl } from '../lib/postgres/server-control';
import { SESSION_DEFAULTS } from '../lib/session/session-limits';
import { findWorkloadPreset, workloadsDir } from '../lib/session/workload-presets';
import { startCollector } from '../services/collector/start-collector';
import { startEnvironment } from '../services/environment/start-environment';
import { verifyCandidates } from '../services/trainer/verify-candidates';
import { compareWithRules, type CrossRun, type RatioToRules } from './rules-comparison';

interface Options {
  workloads: string[];
  agents: string[];
  steps: number;
  durationS: number;
  warmupS: number;
  verify: number;
  /** A --start-config file, or undefined to start from the sandbox's own configuration. */
  start: string | undefined;
  out: string;
}

const FULL = { workloads: 'tpcb-like,analytic-spill,mixed,read-only-large', agents: 'rules,random,ddpg,ddpg++', steps: 30, duration: 10, warmup: 2, verify: 10 };
/** A smoke test of the whole path in a few minutes (CI): one workload, short runs, few steps. */
const SHORT = { workloads: 'analytic-spill', agents: 'rules,random,ddpg', steps: 3, duration: 2, warmup: 0, verify: 3 };

interface AgentRun {
  agent: string;
  minutes: number;
  error?: string;
  doc?: ReportDocument;
  /** TPS of each tuning step in order (null: failed). */
  stepTps: (number | null)[];
}

interface CrossRow {
  label: string;
  tps: { median: number; low: number; high: number } | null;
  p95: { median: number; low: number; high: number } | null;
  significant: boolean;
  decision: string;
}

interface WorkloadResult {
  workload: string;
  baselineTps: number | null;
  runs: AgentRun[];
  cross: CrossRow[];
  crossRounds: number;
  resolution: string;
  /** Every run of the cross-verification, in order (label: start or the agent). */
  crossRuns: CrossRun[];
  versusRules: RatioToRules[];
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      workloads: { type: 'string' },
      agents: { type: 'string' },
      steps: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      verify: { type: 'string' },
      start: { type: 'string', default: path.join(workloadsDir(), 'misconfigured.conf') },
      out: { type: 'string', default: path.join(process.cwd(), 'bench-results', `tuning-${new Date().toISOString().replace(/[:.]/g, '-')}`) },
    },
  });
  const mode = values.short ? SHORT : FULL;
  const int = (v: string | undefined, d: number, name: string) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${v}`);
    return n;
  };
  const options: Options = {
    workloads: (values.workloads ?? mode.workloads).split(',').filter(Boolean),
    agents: (values.agents ?? mode.agents).split(',').filter(Boolean),
    steps: int(values.steps, mode.steps, 'steps'),
    durationS: int(values.duration, mode.duration, 'duration'),
    warmupS: int(values.warmup, mode.warmup, 'warmup'),
    verify: int(values.verify, mode.verify, 'verify'),
    start: values.start === 'none' ? undefined : path.resolve(values.start!),
    out: path.resolve(values.out!),
  };
  for (const w of options.workloads) findWorkloadPreset(w, '--workloads');
  return options;
}

/** Runs `tune` as a user would, on the private sandbox; resolves with its exit code. */
function runTune(args: string[], log: string): Promise<number> {
  const cli = path.join(__dirname, '..', 'cli', 'main.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'tune', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      writeFileSync(log, Buffer.concat(chunks));
      resolve(code ?? 1);
    });
  });
}

/** The configuration an agent's session found best: its recommendation, else its best verified candidate, else none. */
function bestConfiguration(doc: ReportDocument): KnobSetting[] | undefined {
  const pick = doc.recommended ?? null;
  if (pick) return pick.knobs.map((k) => ({ name: k.name, value: k.value }));
  const candidates = doc.verification?.candidates ?? [];
  if (candidates.length === 0) return undefined;
  const best = candidates.reduce((a, b) => (b.tpsRatio.median > a.tpsRatio.median ? b : a));
  return best.knobs.map((k) => ({ name: k.name, value: k.value }));
}

async function benchWorkload(workload: string, options: Options, say: (line: string) => void): Promise<WorkloadResult> {
  const preset = findWorkloadPreset(workload, '--workloads');
  const baseDir = mkdtempSync(path.join(os.tmpdir(), 'pgat-tuning-'));
  const sandbox = new Sandbox({ baseDir, onProgress: say });
  try {
    const info = await sandbox.up({ scale: preset.scale });
    const runs: AgentRun[] = [];
    for (const agent of options.agents) {
      const json = path.join(options.out, `${workload}-${agent}.json`);
      const args = ['--target', info.dsn, '--data-dir', info.dataDir, '--preset', workload, '--agent', agent];
      args.push('--iterations', String(options.steps), '--duration', String(options.durationS), '--warmup', String(options.warmupS));
      args.push('--verify', String(options.verify), '--json', json);
      // The bench compares the agents' recommendations (cross-verified below), not their knobs: no per-knob ablation.
      args.push('--ablation-rounds', '0');
      if (options.start) args.push('--start-config', options.start);
      say(`${workload}: ${agent} ...`);
      const started = Date.now();
      const code = await runTune(args, path.join(options.out, `${workload}-${agent}.log`));
      const minutes = (Date.now() - started) / 60_000;
      if (code !== 0) {
        runs.push({ agent, minutes, error: `tune exited with ${code} (see ${workload}-${agent}.log)`, stepTps: [] });
        continue;
      }
      const doc = parseReportDocument(readFileSync(json, 'utf8'), json);
      const stepTps = doc.iterations.filter((i) => i.kind === 'step').map((i) => (i.error ? null : i.tps));
      runs.push({ agent, minutes, doc, stepTps });
      say(`${workload}: ${agent} done in ${minutes.toFixed(1)} min: ${doc.conclusion.text}`);
    }
    return { workload, ...(await crossVerify(info.dsn, info.dataDir, runs, options, say)), runs };
  } finally {
    await sandbox.down().catch(() => undefined);
    rmSync(baseDir, { recursive: true, force: true });
  }
}

/** The start configuration against every agent's best configuration, in one sequential verification. */
async function crossVerify(
  dsn: string,
  dataDir: string,
  runs: AgentRun[],
  options: Options,
  say: (line: string) => void,
): Promise<Omit<WorkloadResult, 'workload' | 'runs'>> {
  const withConfig = runs.flatMap((r) => {
    const knobs = r.doc ? bestConfiguration(r.doc) : undefined;
    return knobs && knobs.length > 0 ? [{ agent: r.agent, knobs, doc: r.doc! }] : [];
  });
  if (withConfig.length === 0) return { baselineTps: null, cross: [], crossRounds: 0, resolution: 'nothing to verify', crossRuns: [], versusRules: [] };
  const sessionOptions = withConfig[0]!.doc.session.options;
  const tuned = withConfig[0]!.doc.knobs.map((k) => k.name);
  const target = PgTarget.fromDsn(dsn);
  const sandboxCtl = new Sandbox({ baseDir: path.dirname(dataDir) });
  const collector = await startCollector({ target, control: pgCtlControl(sandboxCtl.pgCtl()), dataDir, port: 0 });
  const environment = await startEnvironment({ port: 0 });
  const client = new EnvironmentClient(environment.address);
  try {
    const opened = await client.open({
      collectorAddress: collector.address,
      knobs: tuned,
      benchmark: sessionOptions.benchmark,
      rewardWeights: { ...SESSION_DEFAULTS.rewardWeights },
      allowRestart: sessionOptions.allowRestart,
      startKnobs: sessionOptions.startKnobs ?? [],
    });
    try {
      const baseline = await client.reset(opened.envId);
      say(`cross-verification: start configuration against ${withConfig.map((c) => c.agent).join(', ')}`);
      const crossRuns: CrossRun[] = [];
      const agentOf = (label: string) => (label === 'baseline' ? 'start' : withConfig[Number(label.replace('candidate-', '')) - 1]!.agent);
      const record = await verifyCandidates({
        baselineKnobs: baseline.knobs,
        candidates: withConfig.map((c, i) => ({ fromIteration: i + 1, knobs: c.knobs.filter((k) => tuned.includes(k.name)) })),
        repeats: options.verify,
        minGain: SESSION_DEFAULTS.minGain,
        budgetS: 0,
        // Every configuration runs every round, so the agents can be compared with rules too.
        sequential: false,
        weights: { ...SESSION_DEFAULTS.rewardWeights },
        measure: (knobs) => client.measure(opened.envId, knobs),
        onRun: async ({ label, round, outcome }) => {
          const ok = !outcome.error && !outcome.rolledBack && outcome.benchmark !== undefined && outcome.benchmark !== null;
          crossRuns.push({ label: agentOf(label), round, tps: ok ? outcome.benchmark!.tps : null, p95: ok ? (outcome.benchmark!.latency?.p95Ms ?? null) : null });
          say(`  round ${round + 1}: ${agentOf(label)}${ok ? ` ${outcome.benchmark!.tps.toFixed(0)} TPS` : ' failed'}`);
        },
      });
      const cross = withConfig.map((c, i) => {
        const v = record.candidates.find((x) => x.label === `candidate-${i + 1}`);
        return {
          label: c.agent,
          tps: v ? v.tpsRatio : null,
          p95: v ? v.p95Ratio : null,
          significant: v ? v.tpsRatio.low > 1 || v.tpsRatio.high < 1 : false,
          decision: v?.decision ?? 'failed',
        };
      });
      const baselineTps = median(record.baseline.tps);
      const versusRules = compareWithRules(crossRuns, withConfig.map((c) => c.agent));
      return { baselineTps, cross, crossRounds: record.repeats, resolution: record.summary, crossRuns, versusRules };
    } finally {
      await client.close(opened.envId, false);
    }
  } finally {
    client.closeClient();
    await environment.stop();
    await collector.stop();
  }
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function stepsTo95(stepTps: (number | null)[], reference: number): number | null {
  let best = 0;
  for (const [i, tps] of stepTps.entries()) {
    best = Math.max(best, tps ?? 0);
    if (best >= 0.95 * reference) return i + 1;
  }
  return null;
}

function bestSoFar(stepTps: (number | null)[]): { x: number; y: number }[] {
  let best = 0;
  return stepTps.flatMap((tps, i) => {
    best = Math.max(best, tps ?? 0);
    return best > 0 ? [{ x: i + 1, y: best }] : [];
  });
}

/** The agent's TPS ratio to the rules configuration; `+` when its TPS or p95 interval excludes 1. */
function toRules(v: RatioToRules | undefined): string {
  if (!v?.comparison) return '-';
  const { tps, p95 } = v.comparison;
  return `${ratioText(tps)}${tps.significant || p95.significant ? ' +' : ''}`;
}

const ratioText = (r: { median: number; low: number; high: number } | null) => (r ? `${r.median.toFixed(3)} [${r.low.toFixed(3)}, ${r.high.toFixed(3)}]` : '-');

function table(results: WorkloadResult[]): string {
  const header = ['workload', 'agent', 'tps ratio to start [CI]', 'p95 ratio [CI]', 'decision', 'tps ratio to rules [CI]', 'own verdict', 'steps to 95% (own best | all)', 'minutes'];
  const rows: string[][] = [];
  for (const w of results) {
    const reference = Math.max(0, ...w.runs.flatMap((r) => r.stepTps.map((t) => t ?? 0)));
    for (const run of w.runs) {
      const c = w.cross.find((x) => x.label === run.agent);
      const steps = (of: number) => {
        const n = of > 0 ? stepsTo95(run.stepTps, of) : null;
        return n === null ? '-' : String(n);
      };
      const ownBest = Math.max(0, ...run.stepTps.map((t) => t ?? 0));
      rows.push([
        w.workload,
        run.agent,
        c ? ratioText(c.tps) : '-',
        c ? ratioText(c.p95) : '-',
        c ? `${c.decision}${c.significant ? ' *' : ''}` : '-',
        toRules(w.versusRules.find((v) => v.agent === run.agent)),
        run.error ?? (run.doc?.conclusion.state === 'recommended' ? 'recommended' : 'kept start'),
        `${steps(ownBest)} | ${steps(reference)} of ${run.stepTps.length}`,
        run.minutes.toFixed(1),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), '* the TPS interval excludes 1; + the TPS or p95 interval to rules excludes 1; intervals Bonferroni-corrected (to start: over the agents, one look after the last round; to rules: over the agents compared); every row of a workload comes from the same interleaved rounds, every configuration in every round'].join('\n');
}

function html(results: WorkloadResult[], options: Options): string {
  const classes = ['s0', 's1', 's2', 's3', 's4'];
  const charts = results.map((w) => {
    const series = w.runs.map((r, i) => ({ agent: r.agent, className: classes[i % classes.length]!, points: bestSoFar(r.stepTps) }));
    const ys = series.flatMap((s) => s.points.map((p) => p.y));
    if (ys.length === 0) return `<h2>${escapeHtml(w.workload)}</h2><p>no step was measured</p>`;
    const y = paddedDomain(ys);
    const svg = renderChart({
      width: 720,
      height: 300,
      label: `best-so-far TPS per agent, ${w.workload}`,
      x: { min: 1, max: Math.max(2, ...series.map((s) => s.points.length)), ticks: linearTicks(1, Math.max(2, options.steps)).filter(Number.isInteger), title: 'step' },
      y: { min: y.min, max: y.max, ticks: linearTicks(y.min, y.max), format: (v) => v.toFixed(0), title: 'best TPS so far' },
      lines: series.map((s) => ({ points: s.points, className: s.className, step: true })),
      // Markers too: the rules agent's one step is a single point, no line.
      points: series.flatMap((s) => s.points.map((p) => ({ ...p, className: s.className, title: `${s.agent}, step ${p.x}: ${p.y.toFixed(0)} TPS` }))),
    });
    const legend = series.map((s) => `<span class="${s.className}">&#9632; ${escapeHtml(s.agent)}</span>`).join(' ');
    return `<h2>${escapeHtml(w.workload)}</h2>${svg}<p>${legend}</p>`;
  });
  // The report's own style (plot background, grid, ticks), plus one stroke colour per agent.
  const style = `${REPORT_STYLE}
body{max-width:1100px}pre{overflow:auto}polyline.s0,polyline.s1,polyline.s2,polyline.s3,polyline.s4{fill:none;stroke-width:2}
.s0{stroke:#1f77b4;fill:#1f77b4;color:#1f77b4}.s1{stroke:#ff7f0e;fill:#ff7f0e;color:#ff7f0e}.s2{stroke:#2ca02c;fill:#2ca02c;color:#2ca02c}.s3{stroke:#d62728;fill:#d62728;color:#d62728}.s4{stroke:#9467bd;fill:#9467bd;color:#9467bd}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pg-autotune bench:tuning</title><style>${style}</style></head><body>
<h1>bench:tuning</h1><p>${escapeHtml(`${options.steps} steps of ${options.durationS} s (+${options.warmupS} s warm-up) per agent, from ${options.start ? path.basename(options.start) : "the sandbox's own configuration"}; cross-verification up to ${options.verify} rounds`)}</p>
<pre>${escapeHtml(table(results))}</pre>${charts.join('\n')}</body></html>`;
}

async function main(): Promise<void> {
  const options = parseOptions();
  mkdirSync(options.out, { recursive: true });
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  const results: WorkloadResult[] = [];
  const writeJson = () => {
    const json = results.map((w) => ({ ...w, runs: w.runs.map(({ doc, ...r }) => ({ ...r, conclusion: doc?.conclusion ?? null, sessionId: doc?.session.id ?? null })) }));
    writeFileSync(path.join(options.out, 'tuning.json'), `${JSON.stringify({ options, results: json }, null, 2)}\n`);
  };
  for (const workload of options.workloads) {
    results.push(await benchWorkload(workload, options, say));
    // After each workload, so a long run that stops part-way keeps what it measured.
    writeJson();
  }
  const text = table(results);
  console.log(`bench:tuning, ${options.steps} steps of ${options.durationS} s (+${options.warmupS} s warm-up) per agent, from ${options.start ? path.basename(options.start) : 'the sandbox configuration'}`);
  console.log(text);
  for (const w of results) console.log(`${w.workload}: cross-verification ${w.crossRounds} rounds; ${w.resolution}`);
  console.log(`total ${((Date.now() - started) / 60_000).toFixed(1)} min; JSON and HTML in ${options.out}`);
  writeFileSync(path.join(options.out, 'tuning.html'), html(results, options));
}

main().catch((err: unknown) => {
  console.error(`bench:tuning failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
