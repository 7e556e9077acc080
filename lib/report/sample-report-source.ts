import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { NotFoundError } from '../core/errors';
import { noInstanceSettings } from '../session/instance-settings';
import type { InstanceRecord } from '../store/instance-repository';
import type { IterationKind, IterationRecord } from '../store/iteration-repository';
import type { RecommendationRecord } from '../store/recommendation-repository';
import type { SessionRecord } from '../store/session-repository';
import type { MeasuredRuns, VerificationRecord } from '../store/verification-record';
import type { ReportSource } from './build-report';

/** The id of the sample's one session. */
export const SAMPLE_SESSION_ID = '5a3e0c1d-7b42-4c8e-9f1a-2d6b8e4c0a17';

/**
 * A finished session with known numbers, held in memory: 20 tuning steps (one rolled back
 * after a failed restart), a drift re-measurement, three verified candidates over three
 * bracketed rounds of at most five. For tests and demos of the report (`buildReport(sampleReportSource(),
 * SAMPLE_SESSION_ID)`); deterministic.
 */
export function sampleReportSource(): ReportSource {
  const data = sampleRows();
  return {
    sessions: { get: async (id) => (id === data.session.id ? data.session : notFound('session', id)) },
    instances: { get: async (id) => (id === data.instance.id || id === data.instance.name ? data.instance : notFound('instance', id)) },
    iterations: { list: async (id, kind) => (id === data.session.id ? data.iterations.filter((i) => !kind || i.kind === kind) : []) },
    recommendations: { get: async (id) => (id === data.session.id ? data.recommendation : notFound('recommendation of session', id)) },
  };
}

function notFound(what: string, id: string): never {
  throw new NotFoundError(`no ${what} "${id}"`);
}

const START = Date.parse('2026-11-25T14:00:00Z');
const RUN_MS = 45_000;

const BASELINE: Record<string, string> = {
  work_mem: '4096',
  maintenance_work_mem: '65536',
  checkpoint_completion_target: '0.9',
  effective_cache_size: '524288',
  wal_writer_delay: '200',
  checkpoint_timeout: '300',
  shared_buffers: '16384',
};

// Deterministic noise: a small linear congruential generator, so the sample never changes.
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function sampleRows(): { session: SessionRecord; instance: InstanceRecord; iterations: IterationRecord[]; recommendation: RecommendationRecord } {
  const rand = noise(7);
  const iterations: IterationRecord[] = [];
  const counts = new Map<IterationKind, number>();
  const knobsOf = (values: Record<string, string>): KnobSetting[] => Object.entries(values).map(([name, value]) => ({ name, value }));
  // TPS of a configuration: larger checkpoint_timeout and wal_writer_delay help this sample's
  // workload, and the tables bloat so every configuration slows down a little run by run.
  const measure = (values: Record<string, string>) => {
    const gain = 1 + 0.12 * Math.log10(Number(values.checkpoint_timeout) / 300 + 1) + 0.04 * Math.log10(Number(values.wal_writer_delay) / 200 + 0.5);
    const tps = 1480 * gain * (1 - 0.004 * iterations.length) * (1 + 0.22 * rand());
    const avg = (4 / tps) * 1000;
    return { tps, avg, p95: avg * (2.1 + 0.5 * rand()), p99: avg * (3.4 + 0.8 * rand()) };
  };
  const add = (kind: IterationKind, values: Record<string, string>, extra: Partial<IterationRecord> = {}) => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    const failed = extra.rolledBack === true;
    const m = measure(values);
    const record: IterationRecord = {
      id: iterations.length + 1,
      sessionId: SAMPLE_SESSION_ID,
      kind,
      n,
      round: 1,
      knobs: knobsOf(values),
      metrics: {},
      tps: failed ? null : m.tps,
      latencyAvgMs: failed ? null : m.avg,
      latencyP95Ms: failed ? null : m.p95,
      latencyP99Ms: failed ? null : m.p99,
      reward: kind === 'step' ? (failed ? -2 : (m.tps / 1480 - 1) * 3) : null,
      state: null,
      action: null,
      error: null,
      restarted: false,
      rolledBack: false,
      createdAt: new Date(START + iterations.length * RUN_MS),
      ...extra,
    };
    iterations.push(record);
    return record;
  };

  add('baseline', BASELINE);
  const steps: Record<string, string>[] = [];
  for (let i = 1; i <= 20; i++) {
    const r = () => rand() + 0.5;
    const values: Record<string, string> = {
      work_mem: String(Math.round(64 * 2 ** (r() * 12))),
      maintenance_work_mem: String(Math.round(1024 * 2 ** (r() * 10))),
      checkpoint_completion_target: (0.5 + r() * 0.45).toFixed(4),
      effective_cache_size: String(Math.round(16384 * 2 ** (r() * 6))),
      wal_writer_delay: String(Math.round(10 * 10 ** (r() * 3))),
      // the agent learns: later steps favour long checkpoint intervals
      checkpoint_timeout: String(Math.round(30 * 10 ** (Math.min(1, r() + i / 30) * 2))),
      shared_buffers: i === 7 ? '262144' : BASELINE.shared_buffers!,
    };
    steps.push(values);
    if (i === 7) {
      add('step', values, {
        restarted: true,
        rolledBack: true,
        error: 'the server did not come back after the restart: FATAL: could not map anonymous shared memory: Cannot allocate memory; rolled back',
      });
    } else {
      add('step', values);
    }
    if (i === 10) add('drift', BASELINE);
  }

  const best = iterations
    .filter((r) => r.kind === 'step' && r.tps !== null)
    .sort((a, b) => b.tps! - a.tps!)
    .slice(0, 3);
  const labels = best.map((_, i) => `candidate-${i + 1}`);
  const runs = new Map<string, MeasuredRuns>([['baseline', empty()], ...labels.map((l): [string, MeasuredRuns] => [l, empty()])]);
  for (let round = 0; round < 3; round++) {
    const order = labels.map((_, i) => labels[(i + round) % labels.length]!);
    for (const label of ['baseline', ...order]) {
      const values = label === 'baseline' ? BASELINE : steps[best[labels.indexOf(label)]!.n - 1]!;
      const row = add('verify', values, { metrics: { label, round } });
      const series = runs.get(label)!;
      series.tps.push(row.tps!);
      series.latencyAvgMs.push(row.latencyAvgMs!);
      series.p95Ms.push(row.latencyP95Ms!);
      series.p99Ms.push(row.latencyP99Ms!);
    }
  }

  const base = runs.get('baseline')!;
  const candidates = best.map((row, i) => {
    const own = runs.get(labels[i]!)!;
    const ratios = own.tps.map((t, k) => t / base.tps[k]!);
    const p95 = own.p95Ms.map((p, k) => p / base.p95Ms[k]!);
    return {
      label: labels[i]!,
      fromIteration: row.n,
      knobs: row.knobs,
      ...own,
      tpsRatio: interval(ratios),
      p95Ratio: interval(p95),
      rounds: 3,
    };
  });
  const chosen = [...candidates].sort((a, b) => b.tpsRatio.median - a.tpsRatio.median)[0]!;
  const decided = candidates.map((c) => ({ ...c, decision: c === chosen ? ('better' as const) : ('undecided' as const) }));
  const record: VerificationRecord = {
    repeats: 3,
    maxRounds: 5,
    minGain: 0.03,
    // 3 candidates, looks after rounds 3, 4 and 5: 1 - 0.05 / 9.
    confidence: 1 - 0.05 / 9,
    looks: 3,
    baselineKnobs: knobsOf(BASELINE),
    baseline: base,
    candidates: decided,
    chosen: chosen.label,
    tpsRatio: chosen.tpsRatio,
    p95Ratio: chosen.p95Ratio,
    significant: chosen.tpsRatio.low > 1,
    summary: `TPS +${((chosen.tpsRatio.median - 1) * 100).toFixed(1)}% over 3 bracketed rounds (sample data)`,
    caveats: [
      'each run lasted 30 s after 5 s of warm-up with 4 clients; effects that need hours (checkpoints every few minutes, autovacuum, cache growth) are not measured',
    ],
    appliedBest: false,
  };
  const end = new Date(START + (iterations.length + 1) * RUN_MS);
  return {
    session: {
      id: SAMPLE_SESSION_ID,
      instanceId: '0b6f3c2e-1d4a-4f5e-8a9b-3c7d2e1f0a64',
      options: {
        iterations: 20,
        benchmark: { scripts: [{ builtin: 'tpcb-like', file: '', weight: 1 }], clients: 4, durationS: 30, warmupS: 5 },
        knobs: ['default', 'shared_buffers'],
        agent: 'ddpg',
        verifyRepeats: 5,
        minGain: 0.03,
        baselineEvery: 10,
        allowRestart: true,
      },
      status: 'finished',
      createdAt: new Date(START - 5_000),
      startedAt: new Date(START),
      finishedAt: end,
      error: null,
      pausedReason: null,
      claimedBy: null,
      heartbeatAt: null,
      iterationsDone: 20,
      baselineTps: iterations[0]!.tps,
      bestTps: best[0]!.tps,
      round: 1,
    },
    instance: {
      id: '0b6f3c2e-1d4a-4f5e-8a9b-3c7d2e1f0a64',
      name: 'sandbox',
      collectorAddress: '127.0.0.1:7002',
      target: 'postgres://postgres@127.0.0.1:55432/pgbench',
      serverVersion: '15.8',
      hostMemoryBytes: 8 * 1024 ** 3,
      hostCpus: 2,
      registeredAt: new Date(START - 60_000),
      lastHeartbeatAt: end,
      settings: noInstanceSettings(),
      registered: null,
      collectorProblem: null,
    },
    iterations,
    recommendation: {
      sessionId: SAMPLE_SESSION_ID,
      round: 1,
      knobs: chosen.knobs,
      report: record as unknown as Record<string, unknown>,
      createdAt: end,
      approvalState: 'none',
      decidedBy: null,
      decidedAt: null,
    },
  };
}

function empty(): MeasuredRuns {
  return { tps: [], latencyAvgMs: [], p95Ms: [], p99Ms: [] };
}

// Not a t interval: the sample only needs plausible numbers (median, and min..max widened a little).
function interval(ratios: number[]): { median: number; low: number; high: number; resolution: number } {
  const sorted = [...ratios].sort((a, b) => a - b);
  const low = sorted[0]! - 0.02;
  const high = sorted[sorted.length - 1]! + 0.02;
  return { median: sorted[Math.floor(sorted.length / 2)]!, low, high, resolution: Math.sqrt(high / low) - 1 };
}
