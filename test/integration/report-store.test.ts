import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReportCommand, runReportCommand } from '../../cli/commands/report';
import { buildReport } from '../../lib/report/build-report';
import { alterSystemStatements, sqlLiteral } from '../../lib/report/render-alter-system';
import type { ReportDocument } from '../../lib/report/report-document';
import { NotFoundError } from '../../lib/core/errors';
import type { IterationInput } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { VerificationRecord } from '../../lib/store/verification-record';
import { dropTestSchemas, openTestStore, TEST_SERVER_DSN, testServerTarget, uniqueSchemaName } from '../helpers/test-store';

// The shared server (trust auth); this file works in a schema of its own, dropped at the end.
const target = testServerTarget();
const schema = uniqueSchemaName('report_test');
const BASE = [
  { name: 'work_mem', value: '4096' },
  { name: 'checkpoint_timeout', value: '300' },
  { name: 'shared_buffers', value: '16384' },
];
const BEST = [
  { name: 'work_mem', value: '65536' },
  { name: 'checkpoint_timeout', value: '900' },
  { name: 'shared_buffers', value: '16384' },
];
const OTHER = [
  { name: 'work_mem', value: '1501' },
  { name: 'checkpoint_timeout', value: '600' },
  { name: 'shared_buffers', value: '16384' },
];

let store: MetadataStore;
let admin: Client;
let dir: string;
let sessionId: string;
let runningId: string;

beforeAll(async () => {
  admin = new Client(target.clientConfig());
  await admin.connect();
  store = await openTestStore(schema, target);
  dir = await mkdtemp(join(tmpdir(), 'pg-autotune-report-'));
  await store.instances.upsert({
    name: 'db-1',
    collectorAddress: '127.0.0.1:7002',
    target: 'postgres://tuner:s3cret@127.0.0.1:5432/pgbench',
    serverVersion: '15.8',
    hostMemoryBytes: 8 * 1024 ** 3,
    hostCpus: 2,
  });

  // A finished session: baseline, three steps (one rolled back), a drift run, two verification rounds.
  const session = await store.sessions.create('db-1', { iterations: 3, agent: 'ddpg', verifyRepeats: 2 });
  sessionId = session.id;
  await store.sessions.claimNext('worker-1', { sessionId });
  const insert = (input: Omit<IterationInput, 'sessionId'>) => store.iterations.insert({ sessionId, ...input });
  await insert({ kind: 'baseline', n: 1, knobs: BASE, tps: 1000, latencyAvgMs: 4, latencyP95Ms: 9, latencyP99Ms: 14 });
  await insert({ kind: 'step', n: 1, knobs: OTHER, tps: 1100, latencyAvgMs: 3.6, latencyP95Ms: 8.5, latencyP99Ms: 13, reward: 0.2, action: [0.1, -0.3, 0] });
  await insert({ kind: 'step', n: 2, knobs: BEST, tps: 1300, latencyAvgMs: 3.1, latencyP95Ms: 7, latencyP99Ms: 11, reward: 0.5, action: [0.5, 0.4, 0] });
  await insert({
    kind: 'step', n: 3, knobs: [...BASE.slice(0, 2), { name: 'shared_buffers', value: '262144' }], reward: -1,
    error: 'server did not restart <b>in time</b>', restarted: true, rolledBack: true,
  });
  await insert({ kind: 'drift', n: 1, knobs: BASE, tps: 950, latencyAvgMs: 4.2, latencyP95Ms: 9.5, latencyP99Ms: 15 });
  const verify = [
    ['baseline', 0, BASE, 980, 9.2], ['candidate-1', 0, BEST, 1250, 7.1], ['candidate-2', 0, OTHER, 1050, 8.8],
    ['baseline', 1, BASE, 1020, 8.8], ['candidate-2', 1, OTHER, 1000, 9.0], ['candidate-1', 1, BEST, 1270, 6.9],
  ] as const;
  for (const [i, [label, round, knobs, tps, p95]] of verify.entries()) {
    await insert({ kind: 'verify', n: i + 1, knobs: [...knobs], metrics: { label, round }, tps, latencyAvgMs: 4000 / tps, latencyP95Ms: p95, latencyP99Ms: p95 * 1.5 });
  }
  const record: VerificationRecord = {
    repeats: 2,
    baselineKnobs: BASE,
    baseline: { tps: [980, 1020], latencyAvgMs: [4000 / 980, 4000 / 1020], p95Ms: [9.2, 8.8], p99Ms: [13.8, 13.2] },
    candidates: [
      {
        label: 'candidate-1', fromIteration: 2, knobs: BEST,
        tps: [1250, 1270], latencyAvgMs: [3.2, 3.15], p95Ms: [7.1, 6.9], p99Ms: [10.65, 10.35],
        tpsRatio: { median: 1.2605, low: 1.245, high: 1.2755 }, p95Ratio: { median: 0.778, low: 0.7717, high: 0.7841 },
      },
      {
        label: 'candidate-2', fromIteration: 1, knobs: OTHER,
        tps: [1050, 1000], latencyAvgMs: [3.81, 4], p95Ms: [8.8, 9], p99Ms: [13.2, 13.5],
        tpsRatio: { median: 1.0259, low: 0.9804, high: 1.0714 }, p95Ratio: { median: 0.9897, low: 0.9565, high: 1.0227 },
      },
    ],
    chosen: 'candidate-1',
    tpsRatio: { median: 1.2605, low: 1.245, high: 1.2755 },
    p95Ratio: { median: 0.778, low: 0.7717, high: 0.7841 },
    significant: true,
    summary: 'TPS +26.1% (95% CI +24.5% .. +27.6%), p95 latency -22.2% (95% CI -22.8% .. -21.6%) over 2 interleaved pairs',
    caveats: ['verification used 2 interleaved pairs: intervals from so few pairs are wide'],
    appliedBest: false,
  };
  await store.recommendations.save({ sessionId, knobs: BEST, report: record as unknown as Record<string, unknown> });
  await store.sessions.setStatus(sessionId, 'finished');

  // A second, newer session that is still running: no recommendation yet.
  const running = await store.sessions.create('db-1', { iterations: 5 });
  runningId = running.id;
  await store.sessions.claimNext('worker-2', { sessionId: runningId });
  await store.iterations.insert({ sessionId: runningId, kind: 'baseline', n: 1, knobs: BASE, tps: 990, latencyAvgMs: 4.1, latencyP95Ms: 9.1, latencyP99Ms: 14.1 });
});

afterAll(async () => {
  await store?.close();
  await admin?.end();
  await dropTestSchemas(schema);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('buildReport from the metadata store', () => {
  it('reads the session, instance, iterations and recommendation into the document', async () => {
    const doc = await buildReport(store, sessionId);
    expect(doc.format).toBe('pg-autotune-report/v1');
    expect(doc.session).toMatchObject({ id: sessionId, status: 'finished', stepsDone: 3, stepsPlanned: 3, error: null });
    expect(doc.session.options).toMatchObject({ iterations: 3, agent: 'ddpg', verifyRepeats: 2 });
    expect(doc.session.startedAt).not.toBeNull();
    expect(doc.session.finishedAt).not.toBeNull();
    expect(doc.session.durationS).toBeGreaterThanOrEqual(0);
    expect(doc.instance).toMatchObject({
      name: 'db-1',
      target: 'postgres://tuner@127.0.0.1:5432/pgbench',
      serverVersion: '15.8',
      host: { memoryBytes: 8 * 1024 ** 3, cpus: 2 },
    });
    expect(JSON.stringify(doc)).not.toContain('s3cret');

    // Baseline and recommended: medians of the interleaved verification runs.
    expect(doc.baseline).toMatchObject({ tps: 1000, runs: 2, source: 'verification' });
    expect(doc.baseline!.latency.p95Ms).toBeCloseTo(9, 10);
    expect(doc.baseline!.latency.p99Ms).toBeCloseTo(13.5, 10);
    expect(doc.recommended).toMatchObject({ tps: 1260, label: 'candidate-1', fromIteration: 2, appliedBest: false, runs: 2 });
    expect(doc.recommended!.latency.p95Ms).toBeCloseTo(7, 10);
    expect(doc.recommended!.knobs).toEqual([
      { name: 'work_mem', value: '65536', display: '64MB' },
      { name: 'checkpoint_timeout', value: '900', display: '15min' },
      { name: 'shared_buffers', value: '16384', display: '128MB' },
    ]);
    expect(doc.conclusion.state).toBe('recommended');
    expect(doc.knobChanges.map((c) => [c.name, c.fromDisplay, c.toDisplay, c.changed])).toEqual([
      ['work_mem', '4MB', '64MB', true],
      ['checkpoint_timeout', '5min', '15min', true],
      ['shared_buffers', '128MB', '128MB', false],
    ]);
    expect(doc.restartRequiredFor).toEqual([]);

    const v = doc.verification!;
    expect(v).toMatchObject({ repeats: 2, significant: true, chosen: 'candidate-1', tpsRatio: { median: 1.2605, low: 1.245, high: 1.2755 } });
    expect(v.candidates.map((c) => [c.label, c.tps, c.chosen])).toEqual([['candidate-1', 1260, true], ['candidate-2', 1025, false]]);
    expect(v.caveats).toHaveLength(1);

    // Every run, in order, with its kind, numbers and flags.
    expect(doc.iterations.map((i) => `${i.kind}${i.n}`)).toEqual([
      'baseline1', 'step1', 'step2', 'step3', 'drift1', 'verify1', 'verify2', 'verify3', 'verify4', 'verify5', 'verify6',
    ]);
    expect(doc.iterations[2]).toMatchObject({ seq: 3, tps: 1300, latency: { avgMs: 3.1, p95Ms: 7, p99Ms: 11 }, reward: 0.5, restarted: false, rolledBack: false, error: null });
    expect(doc.iterations[3]).toMatchObject({ tps: null, reward: -1, restarted: true, rolledBack: true, error: 'server did not restart <b>in time</b>' });
    expect(doc.iterations[6]).toMatchObject({ kind: 'verify', label: 'candidate-1', round: 0, tps: 1250 });
    expect(doc.drift).toEqual({ runs: 2, firstTps: 1000, lastTps: 950, minTps: 950, maxTps: 1000, change: -0.050000000000000044 });
  });

  it('reports a running session without a recommendation', async () => {
    const doc = await buildReport(store, runningId);
    expect(doc.recommended).toBeNull();
    expect(doc.verification).toBeNull();
    expect(doc.baseline).toMatchObject({ tps: 990, runs: 1, source: 'baseline-runs' });
    expect(doc.conclusion).toEqual({ state: 'unavailable', text: 'the session is still tuning (step 0 of 5); a recommendation comes only after its verification' });
  });
});

describe('the recommendation as SQL on a real server', () => {
  // ALTER SYSTEM would change the shared server; SET LOCAL takes the same values and is undone by ROLLBACK.
  it('parses: every statement of a user-settable knob, as SET LOCAL', async () => {
    const doc = await buildReport(store, sessionId);
    const statements = alterSystemStatements(doc).filter((s) => s.includes('work_mem'));
    expect(statements).toEqual(["ALTER SYSTEM SET work_mem = '64MB';"]);
    await admin.query('BEGIN');
    try {
      await admin.query(statements[0]!.replace('ALTER SYSTEM SET', 'SET LOCAL'));
      expect((await admin.query("SELECT setting FROM pg_settings WHERE name = 'work_mem'")).rows[0].setting).toBe('65536');
    } finally {
      await admin.query('ROLLBACK');
    }
  });

  it('keeps a hostile value one literal, whatever standard_conforming_strings says', async () => {
    const hostile = "x'; SELECT pg_sleep(10); --\\'; \\\\ 'end";
    for (const scs of ['on', 'off']) {
      await admin.query('BEGIN');
      try {
        await admin.query(`SET LOCAL standard_conforming_strings = ${scs}`);
        await admin.query(`SET LOCAL application_name = ${sqlLiteral(hostile)}`);
        expect((await admin.query('SELECT current_setting($1) AS v', ['application_name'])).rows[0].v).toBe(hostile);
      } finally {
        await admin.query('ROLLBACK');
      }
    }
  });
});

describe('pg-autotune report', () => {
  function program(out: string[], err: string[]): Command {
    const root = new Command().exitOverride();
    registerReportCommand(root, {
      // the DSN given with --store, in this file's schema
      openStore: (storeTarget) => openTestStore(schema, storeTarget),
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
    });
    return root;
  }

  it('prints the table, ALTER SYSTEM and the conf snippet, and writes the JSON and HTML files', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    await program(out, err).parseAsync(['report', sessionId, '--json', json, '--html', html, '--store', TEST_SERVER_DSN], { from: 'user' });
    const text = out.join('');
    expect(text).toContain(`pg-autotune report: session ${sessionId} (finished)`);
    expect(text).toMatch(/^TPS\s+1,000\.0\s+1,260\.0\s+\+26\.0% better$/m);
    expect(text).toMatch(/^work_mem\s+4MB\s+->\s+64MB$/m);
    expect(text).toContain("ALTER SYSTEM SET work_mem = '64MB';  -- was 4MB");
    expect(text).toContain("ALTER SYSTEM SET checkpoint_timeout = '15min';  -- was 5min");
    expect(text).toContain('# restart needed for: none (a reload is enough)');
    expect(text).toContain("work_mem = '64MB'");
    expect(err).toEqual([`wrote ${json}`, `wrote ${html}`]);
    const doc = JSON.parse(await readFile(json, 'utf8')) as ReportDocument;
    expect(doc).toMatchObject({ format: 'pg-autotune-report/v1', session: { id: sessionId }, recommended: { tps: 1260 } });
    const page = await readFile(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('server did not restart &lt;b&gt;in time&lt;/b&gt;');
  });

  it('takes "latest" for the newest session', async () => {
    const out: string[] = [];
    await program(out, []).parseAsync(['report', 'latest', '--store', TEST_SERVER_DSN], { from: 'user' });
    expect(out.join('')).toContain(`session ${runningId} (running)`);
    expect(out.join('')).toContain('-- the session is still tuning (step 0 of 5)');
  });

  it('says clearly when the session is unknown, naming the store', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const attempt = program([], []).parseAsync(['report', unknown, '--store', TEST_SERVER_DSN], { from: 'user' });
    await expect(attempt).rejects.toThrow(NotFoundError);
    await expect(program([], []).parseAsync(['report', 'not-a-uuid', '--store', TEST_SERVER_DSN], { from: 'user' })).rejects.toThrow(
      /^no session "not-a-uuid" in the metadata store postgres:\/\/postgres@127\.0\.0\.1:5432\/postgres/,
    );
  });

  it('says clearly when the store database does not exist', async () => {
    const missing = `${TEST_SERVER_DSN.replace(/\/[^/]*$/, '')}/pg_autotune_missing_${randomBytes(3).toString('hex')}`;
    await expect(runReportCommand('latest', { store: missing }, { stdout: () => undefined })).rejects.toThrow(
      /^no metadata store at .*: database "pg_autotune_missing_[0-9a-f]+" does not exist/,
    );
  });
});
