import { describe, expect, it } from 'vitest';
import { buildReport, type ReportSource } from '../../lib/report/build-report';
import { renderHtml } from '../../lib/report/render-html';
import { renderTerminalTable } from '../../lib/report/render-terminal-table';
import { SAMPLE_SESSION_ID, sampleReportSource } from '../../lib/report/sample-report-source';
import { NotFoundError } from '../../lib/core/errors';
import { noInstanceSettings } from '../../lib/session/instance-settings';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { SessionRecord } from '../../lib/store/session-repository';
import type { VerificationRecord } from '../../lib/store/verification-record';

const NOW = new Date('2026-11-25T15:00:00Z');
const SESSION = '0a0a0a0a-1111-4222-8333-444444444444';

function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: SESSION,
    instanceId: 'inst',
    options: { iterations: 10 },
    status: 'running',
    createdAt: new Date('2026-11-25T14:00:00Z'),
    startedAt: new Date('2026-11-25T14:00:00Z'),
    finishedAt: null,
    error: null,
    pausedReason: null,
    claimedBy: 'w1',
    heartbeatAt: null,
    iterationsDone: 2,
    baselineTps: 1000,
    bestTps: 1100,
    round: 1,
    ...overrides,
  };
}

function row(id: number, kind: IterationRecord['kind'], n: number, tps: number | null, workMem: string): IterationRecord {
  return {
    id,
    sessionId: SESSION,
    kind,
    n,
    round: 1,
    knobs: [{ name: 'work_mem', value: workMem }],
    metrics: {},
    tps,
    latencyAvgMs: tps && 4000 / tps,
    latencyP95Ms: tps && 9000 / tps,
    latencyP99Ms: tps && 12000 / tps,
    reward: null,
    state: null,
    action: null,
    error: tps === null ? 'benchmark failed' : null,
    restarted: false,
    rolledBack: tps === null,
    createdAt: new Date(Date.parse('2026-11-25T14:00:00Z') + id * 60_000),
  };
}

function source(s: SessionRecord, rows: IterationRecord[], report?: unknown): ReportSource {
  return {
    sessions: { get: async (id) => (id === s.id ? s : Promise.reject(new NotFoundError(`no session with id "${id}"`))) },
    instances: {
      get: async () => ({
        id: 'inst',
        name: 'db-1',
        collectorAddress: '127.0.0.1:7002',
        target: 'postgres://u:secret@127.0.0.1:5432/app',
        serverVersion: '15.8',
        hostMemoryBytes: null,
        hostCpus: null,
        registeredAt: NOW,
        lastHeartbeatAt: null,
        settings: noInstanceSettings(),
        registered: null,
        collectorProblem: null,
      }),
    },
    iterations: { list: async () => rows },
    recommendations: {
      get: async () => {
        if (report === undefined) throw new NotFoundError('none');
        return { sessionId: s.id, round: 1, knobs: [{ name: 'work_mem', value: '16384' }], report: report as Record<string, unknown>, createdAt: NOW, approvalState: 'none', decidedBy: null, decidedAt: null };
      },
    },
  };
}

const RUNS = [row(1, 'baseline', 1, 1000, '4096'), row(2, 'step', 1, 1100, '16384'), row(3, 'step', 2, null, '1048576')];

describe('buildReport', () => {
  it('reports a full session: format, medians of the verification runs, the recommendation, every run in order', async () => {
    const doc = await buildReport(sampleReportSource(), SAMPLE_SESSION_ID, { now: NOW });
    expect(doc.format).toBe('pg-autotune-report/v1');
    expect(doc.generatedAt).toBe(NOW.toISOString());
    expect(doc.session).toMatchObject({ id: SAMPLE_SESSION_ID, status: 'finished', stepsDone: 20, stepsPlanned: 20 });
    expect(doc.iterations).toHaveLength(1 + 20 + 1 + 12);
    expect(doc.iterations.map((i) => i.seq)).toEqual(doc.iterations.map((_, i) => i + 1));
    expect(doc.iterations.filter((i) => i.kind === 'verify').map((i) => i.label)).toContain('baseline');
    expect(doc.baseline?.source).toBe('verification');
    expect(doc.baseline?.runs).toBe(3);
    const v = doc.verification!;
    expect(doc.baseline?.tps).toBe([...v.baselineRuns.tps].sort((a, b) => a - b)[1]);
    expect(doc.recommended?.label).toBe(v.chosen);
    expect(doc.recommended?.tps).toBe(v.candidates.find((c) => c.chosen)!.tps);
    expect(doc.conclusion.state).toBe('recommended');
    expect(doc.knobs.map((k) => k.name)).toEqual([
      'work_mem', 'maintenance_work_mem', 'checkpoint_completion_target', 'effective_cache_size', 'wal_writer_delay', 'checkpoint_timeout', 'shared_buffers',
    ]);
    expect(doc.knobChanges.find((c) => c.name === 'shared_buffers')).toMatchObject({ changed: false, restartRequired: true });
    expect(doc.restartRequiredFor).toEqual([]);
    expect(doc.drift).toMatchObject({ runs: 2 });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('reports a running session without a recommendation, saying why', async () => {
    const doc = await buildReport(source(session(), RUNS), SESSION, { now: NOW });
    expect(doc.recommended).toBeNull();
    expect(doc.verification).toBeNull();
    expect(doc.conclusion).toEqual({ state: 'unavailable', text: 'the session is still tuning (step 2 of 10); a recommendation comes only after its verification' });
    expect(doc.baseline).toMatchObject({ tps: 1000, latency: { avgMs: 4, p95Ms: 9, p99Ms: 12 }, runs: 1, source: 'baseline-runs' });
    expect(doc.knobChanges).toEqual([{ name: 'work_mem', from: '4096', to: null, fromDisplay: '4MB', toDisplay: null, changed: false, restartRequired: false }]);
    expect(doc.session.durationS).toBe(3600);
    expect(doc.iterations[2]).toMatchObject({ tps: null, rolledBack: true, error: 'benchmark failed' });
    expect(doc.instance.target).toBe('postgres://u@127.0.0.1:5432/app');
    expect(renderTerminalTable(doc)).toContain('verdict: no recommendation: the session is still tuning');
    expect(renderHtml(doc)).toContain('the session is still tuning');
  });

  it('reports a failed session with its error', async () => {
    const doc = await buildReport(source(session({ status: 'failed', error: 'collector unreachable', finishedAt: NOW }), RUNS), SESSION, { now: NOW });
    expect(doc.conclusion.text).toBe('the session failed: collector unreachable; it made no recommendation');
    expect(doc.session.finishedAt).toBe(NOW.toISOString());
  });

  it('reports a verified session where no candidate beat the baseline: keep the current configuration', async () => {
    const record: VerificationRecord = {
      repeats: 1,
      baselineKnobs: [{ name: 'work_mem', value: '4096' }],
      baseline: { tps: [1000], latencyAvgMs: [4], p95Ms: [9], p99Ms: [12] },
      candidates: [
        {
          label: 'candidate-1', fromIteration: 1, knobs: [{ name: 'work_mem', value: '16384' }],
          tps: [990], latencyAvgMs: [4], p95Ms: [9], p99Ms: [12],
          tpsRatio: { median: 0.99, low: 0.99, high: 0.99 }, p95Ratio: { median: 1, low: 1, high: 1 },
        },
      ],
      chosen: null,
      tpsRatio: { median: 0.99, low: 0.99, high: 0.99 },
      p95Ratio: { median: 1, low: 1, high: 1 },
      significant: false,
      summary: 'no improvement: keep the current configuration',
      caveats: [],
      appliedBest: false,
    };
    const doc = await buildReport(source(session({ status: 'finished' }), RUNS, record), SESSION, { now: NOW });
    expect(doc.recommended).toBeNull();
    expect(doc.conclusion).toEqual({ state: 'no-improvement', text: 'no improvement: keep the current configuration' });
    expect(doc.verification?.candidates[0]).toMatchObject({ label: 'candidate-1', tps: 990, chosen: false });
    expect(doc.baseline?.source).toBe('verification');
  });

  it('says so when the stored recommendation is in a shape it cannot read', async () => {
    const doc = await buildReport(source(session({ status: 'finished' }), RUNS, { repeats: 'three' }), SESSION, { now: NOW });
    expect(doc.recommended).toBeNull();
    expect(doc.conclusion.state).toBe('unavailable');
    expect(doc.conclusion.text).toMatch(/^the stored recommendation is not in a format this version reads \(repeats: /);
  });

  it('throws NotFoundError for an unknown session', async () => {
    await expect(buildReport(source(session(), RUNS), '00000000-0000-4000-8000-000000000000')).rejects.toThrow(NotFoundError);
  });
});
