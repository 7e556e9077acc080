import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent__Output } from '../../proto/generated/autotune/v1/ProgressEvent';
import { runReportCommand } from '../../cli/commands/report';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from '../../lib/core/errors';
import { checkHealth } from '../../lib/grpc/health-client';
import { DEFAULT_SESSION_BENCHMARK } from '../../lib/session/session-options';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';
import { BASELINE_KNOBS, measuredRun, verifiedRecommendation } from '../helpers/verified-recommendation';

// The shared store server (trust auth); this file works in a schema of its own, dropped at the end.
const schema = uniqueSchemaName('recommendation_test');
const POLL_MS = 100;


/** Collects a watch's events in the background; `next(predicate)` waits for a matching one. */
function collect(stream: AsyncGenerator<ProgressEvent__Output>) {
  const events: ProgressEvent__Output[] = [];
  const waiters: Array<{ match: (e: ProgressEvent__Output) => boolean; resolve: (e: ProgressEvent__Output) => void }> = [];
  const done = (async () => {
    for await (const event of stream) {
      events.push(event);
      for (const w of [...waiters]) {
        if (w.match(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  })();
  const next = (match: (e: ProgressEvent__Output) => boolean) =>
    new Promise<ProgressEvent__Output>((resolve, reject) => {
      const seen = events.find(match);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no matching event; got ${JSON.stringify(events.map((e) => e.message))}`)), 5_000);
      waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  return { events, done, next };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Recommendation service over gRPC, over its own store schema', () => {
  let store: MetadataStore;
  let server: Awaited<ReturnType<typeof startRecommendation>>;
  let client: RecommendationClient;
  let instanceId: string;
  let instanceCount = 0;

  /** An instance of its own for a test: one active session per instance. */
  async function freshInstance(): Promise<{ id: string; name: string }> {
    return store.instances.upsert({ name: `db-fresh-${++instanceCount}`, collectorAddress: '127.0.0.1:7002' });
  }

  beforeAll(async () => {
    store = await openTestStore(schema);
    instanceId = (await store.instances.upsert({ name: 'db-1', collectorAddress: '127.0.0.1:7002' })).id;
    await store.instances.upsert({ name: 'db-2', collectorAddress: '127.0.0.1:7012' });
    server = await startRecommendation({ store, port: 0, watchPollMs: POLL_MS, finishedCache: { recheckMs: 0 } });
    client = new RecommendationClient(server.address);
  });

  afterAll(async () => {
    client?.close();
    await server?.stop();
    await store?.close();
    await dropTestSchemas(schema);
  });

  it('answers the standard health check as SERVING', async () => {
    expect(await checkHealth(server.address, 'autotune.v1.Recommendation')).toBe('SERVING');
  });

  describe('CreateSession', () => {
    it('creates a pending session with the defaults applied and stored', async () => {
      const session = await client.createSession('db-1');
      expect(session).toMatchObject({ instanceId, status: 'pending', iterationsDone: 0, baselineTps: 0, startedAtMs: 0, error: '' });
      expect(session.options).toMatchObject({ iterations: 20, agent: 'ddpg', verifyRepeats: 5, checkpointEvery: 5, rewardTpsWeight: 0.6, rewardLatencyWeight: 0.4 });
      expect(session.options!.benchmark).toEqual(DEFAULT_SESSION_BENCHMARK);
      expect((await store.sessions.get(session.id)).options).toMatchObject({ iterations: 20, agent: 'ddpg', verifyRepeats: 5 });
    });

    it('takes the instance by id as well as by name, and keeps given options', async () => {
      const session = await client.createSession((await freshInstance()).id, { iterations: 4, agent: 'random', benchmark: { durationS: 2, clients: 2 } });
      expect(session.options).toMatchObject({ iterations: 4, agent: 'random', benchmark: { durationS: 2, clients: 2, protocol: 'prepared' } });
    });

    it('refuses bad options with INVALID_ARGUMENT naming the field', async () => {
      const cases: Array<[Parameters<RecommendationClient['createSession']>[1], string]> = [
        [{ iterations: 5000 }, 'iterations'],
        [{ agent: 'dqn' }, 'agent'],
        [{ verifyRepeats: 21 }, 'verify_repeats'],
        [{ benchmark: { clients: 2 } }, 'benchmark.duration_s'],
        [{ knobs: ['work_mem', ''] }, 'knobs[1]'],
        [{ rewardTpsWeight: -1 }, 'reward_tps_weight'],
      ];
      for (const [options, field] of cases) {
        const err = await client.createSession('db-1', options).catch((e: unknown) => e);
        expect(err, field).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).field).toBe(field);
      }
      await expect(client.createSession('', {})).rejects.toThrow(/instance_id/);
    });

    it('refuses a second active session on the instance with FAILED_PRECONDITION naming the first, even when calls race', async () => {
      const { name } = await freshInstance();
      const calls = await Promise.allSettled(Array.from({ length: 6 }, () => client.createSession(name, { iterations: 1 })));
      const won = calls.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
      expect(won).toHaveLength(1);
      for (const c of calls) {
        if (c.status === 'fulfilled') continue;
        expect(c.reason).toBeInstanceOf(FailedPreconditionError);
        expect((c.reason as Error).message).toContain(won[0]!.id);
      }
      await client.cancelSession(won[0]!.id);
      expect((await client.createSession(name, { iterations: 1 })).status).toBe('pending');
    });

    it('answers NOT_FOUND for an unknown instance', async () => {
      await expect(client.createSession('no-such-db')).rejects.toThrow(NotFoundError);
      await expect(client.createSession('00000000-0000-0000-0000-000000000000')).rejects.toThrow(NotFoundError);
    });
  });

  describe('GetSession and ListSessions', () => {
    it('get one session and list them newest first, per instance', async () => {
      const { name } = await freshInstance();
      const first = await client.createSession(name, { iterations: 1 });
      expect(await client.getSession(first.id)).toEqual(first);
      await store.sessions.setStatus(first.id, 'finished');
      const second = await client.createSession(name, { iterations: 2 });
      expect((await client.listSessions(name)).map((s) => s.id)).toEqual([second.id, first.id]);
      const all = await client.listSessions();
      expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([first.id, second.id]));
      expect(all.length).toBeGreaterThan(2);
      await expect(client.getSession('no-such-session')).rejects.toThrow(NotFoundError);
      await expect(client.listSessions('no-such-db')).rejects.toThrow(NotFoundError);
    });
  });

  describe('WatchSession', () => {
    it('emits events as runs are stored and ends when the session is finished', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 2 });
      const watch = collect(client.watchSession(session.id));
      expect(await watch.next((e) => e.status === 'pending')).toMatchObject({ sessionId: session.id, iterationsTotal: 2, iteration: 0 });

      await store.sessions.claimNext('worker-test', { sessionId: session.id });
      await watch.next((e) => e.status === 'running');
      await store.iterations.insert(measuredRun(session.id, 'baseline', 1, 100));
      expect(await watch.next((e) => e.message.startsWith('baseline'))).toMatchObject({ runKind: 'baseline', baselineTps: 100, tps: 100 });
      await store.iterations.insert(measuredRun(session.id, 'step', 1, 120, { reward: 0.5 }));
      expect(await watch.next((e) => e.iteration === 1)).toMatchObject({ runKind: 'step', tps: 120, bestTps: 120, reward: 0.5, baselineTps: 100 });
      await store.iterations.insert(measuredRun(session.id, 'step', 2, 0, { error: 'server crashed', rolledBack: true, reward: -1 }));
      const failed = await watch.next((e) => e.iteration === 2);
      expect(failed).toMatchObject({ tps: 0, bestTps: 120, reward: -1 });
      expect(failed.message).toContain('server crashed');

      await store.sessions.setStatus(session.id, 'verifying');
      // The session's own plan, so the watcher knows how long verification takes.
      expect(await watch.next((e) => e.status === 'verifying')).toMatchObject({ runKind: '', message: expect.stringContaining('in up to 5 interleaved rounds') });
      await store.iterations.insert(measuredRun(session.id, 'verify', 1, 101, { metrics: { label: 'baseline', round: 0 } }));
      await store.iterations.insert(measuredRun(session.id, 'verify', 2, 119, { metrics: { label: 'candidate-1', round: 0 } }));
      await store.sessions.setStatus(session.id, 'finished');
      await watch.done;

      const statuses = watch.events.map((e) => e.status).filter((s, i, all) => s !== all[i - 1]);
      expect(statuses).toEqual(['pending', 'running', 'verifying', 'finished']);
      expect(watch.events.filter((e) => e.message.startsWith('verify round'))).toHaveLength(2);
      expect(watch.events.map((e) => e.runKind).filter(Boolean)).toEqual(['baseline', 'step', 'step', 'verify', 'verify']);
      expect(watch.events.at(-1)).toMatchObject({ status: 'finished', iteration: 2, bestTps: 120, baselineTps: 100 });
    });

    it('catches a late watcher up on a finished session and ends at once', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 1 });
      await store.iterations.insert(measuredRun(session.id, 'baseline', 1, 50));
      await store.iterations.insert(measuredRun(session.id, 'step', 1, 60));
      await store.sessions.setStatus(session.id, 'failed', 'collector went away');
      const events: ProgressEvent__Output[] = [];
      for await (const event of client.watchSession(session.id)) events.push(event);
      expect(events.map((e) => e.status)).toEqual(['failed', 'failed', 'failed']);
      expect(events.map((e) => e.message)).toEqual([expect.stringContaining('collector went away'), expect.stringMatching(/^baseline/), expect.stringMatching(/^step 1\/1/)]);
    });

    it('stops polling when the client goes away, leaving no watch behind', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 1 });
      for await (const event of client.watchSession(session.id)) {
        expect(event.status).toBe('pending');
        break;
      }
      await until(() => server.service.activeWatches === 0, 'the server to drop the watch after break');

      const abort = new AbortController();
      const stream = collect(client.watchSession(session.id, { signal: abort.signal }));
      await stream.next((e) => e.status === 'pending');
      expect(server.service.activeWatches).toBe(1);
      abort.abort();
      await stream.done;
      await until(() => server.service.activeWatches === 0, 'the server to drop the watch after abort');
    });

    it('answers NOT_FOUND for an unknown session', async () => {
      const stream = client.watchSession('00000000-0000-0000-0000-000000000000');
      await expect(stream.next()).rejects.toThrow(NotFoundError);
    });
  });

  describe('CancelSession', () => {
    it('cancels a pending session, which no trainer claims afterwards', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 1 });
      const cancelled = await client.cancelSession(session.id);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.finishedAtMs).toBeGreaterThan(0);
      expect(await store.sessions.claimNext('worker-test', { sessionId: session.id })).toBeUndefined();
      expect((await client.cancelSession(session.id)).status).toBe('cancelled');
    });

    it('cancels a running session: its trainer sees the status with its next heartbeat, and a watch ends', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 1 });
      await store.sessions.claimNext('worker-test', { sessionId: session.id });
      const watch = collect(client.watchSession(session.id));
      await watch.next((e) => e.status === 'running');
      expect((await client.cancelSession(session.id)).status).toBe('cancelled');
      expect(await store.sessions.heartbeat(session.id, 'worker-test')).toBe('cancelled');
      await watch.done;
      expect(watch.events.at(-1)?.status).toBe('cancelled');
    });

    it('refuses a finished session with FAILED_PRECONDITION', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 1 });
      await store.sessions.setStatus(session.id, 'finished');
      await expect(client.cancelSession(session.id)).rejects.toThrow(FailedPreconditionError);
      await expect(client.cancelSession('no-such-session')).rejects.toThrow(NotFoundError);
    });
  });

  describe('GetRecommendation', () => {
    it('answers NOT_FOUND until the trainer stores one, then the verified numbers and their views', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 1, benchmark: { durationS: 3, clients: 2 } });
      const missing = await client.getRecommendation(session.id).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect((missing as Error).message).toContain('pending');
      await expect(client.getRecommendation('no-such-session')).rejects.toThrow(NotFoundError);

      const recommended = [
        { name: 'work_mem', value: '16384' },
        { name: 'jit', value: 'off' },
      ];
      const report = verifiedRecommendation({
        baselineKnobs: [
          { name: 'work_mem', value: '4096' },
          { name: 'jit', value: 'off' },
        ],
        recommended,
        caveats: ['short runs'],
      });
      await store.recommendations.save({ sessionId: session.id, knobs: recommended, report: { ...report } });

      const found = await client.getRecommendation(session.id);
      expect(found).toMatchObject({
        sessionId: session.id,
        baselineKnobs: report.baselineKnobs,
        recommendedKnobs: recommended,
        tpsRatio: { median: 1.2, low: 1.1, high: 1.3 },
        p95Ratio: { median: 0.8, low: 0.7, high: 0.9 },
        significant: true,
        summary: report.summary,
      });
      expect(found.baseline).toMatchObject({ tps: 100, latency: { avgMs: 2, p95Ms: 4, p99Ms: 8 }, durationS: 3, clients: 2 });
      expect(found.recommended).toMatchObject({ tps: 125, latency: { avgMs: 1.5, p95Ms: 3, p99Ms: 6 } });
      // The rendered views come from lib/report; here only that they are filled and name the change.
      expect(found.alterSystem.some((s) => s.startsWith('ALTER SYSTEM SET work_mem = '))).toBe(true);
      expect(found.postgresqlConf).toMatch(/^work_mem = '/m);
      expect(found.reportJson).toContain(session.id);
      expect(() => JSON.parse(found.reportJson)).not.toThrow();

      // Not finished yet: every call reads the store afresh.
      const changed = [{ name: 'work_mem', value: '32768' }, { name: 'jit', value: 'off' }];
      await store.recommendations.save({ sessionId: session.id, knobs: changed, report: { ...report } });
      expect((await client.getRecommendation(session.id)).recommendedKnobs).toEqual(changed);
    });

    it('builds a finished session\'s recommendation and report once per version, and stops serving them when the session is removed', async () => {
      const instance = await freshInstance();
      const session = await client.createSession(instance.name, { iterations: 1 });
      await store.iterations.insert(measuredRun(session.id, 'baseline', 1, 100));
      const knobs = [{ name: 'work_mem', value: '8192' }];
      const report = { repeats: 1, baselineKnobs: BASELINE_KNOBS, baseline: { tps: [100], latencyAvgMs: [2], p95Ms: [4], p99Ms: [6] }, candidates: [], chosen: null };
      await store.recommendations.save({ sessionId: session.id, knobs, report });
      await store.sessions.setStatus(session.id, 'finished');
      const first = await client.getRecommendation(session.id);
      const firstReport = await client.getReport(session.id);
      // Nothing writes a finished session's runs; if something did, the API would keep what it built.
      await store.iterations.insert(measuredRun(session.id, 'step', 1, 999));
      expect(await client.getRecommendation(session.id)).toEqual(first);
      expect(await client.getReport(session.id)).toEqual(firstReport);
      // A replaced recommendation is a new version: shown at the next recheck (at once here: recheckMs 0).
      const replaced = [{ name: 'work_mem', value: '1' }];
      await store.recommendations.save({ sessionId: session.id, knobs: replaced, report });
      expect((await client.getRecommendation(session.id)).recommendedKnobs).toEqual(replaced);
      expect(await client.getReport(session.id)).not.toEqual(firstReport);
      await store.instances.remove(instance.id);
      await expect(client.getRecommendation(session.id)).rejects.toThrow(NotFoundError);
      await expect(client.getReport(session.id)).rejects.toThrow(NotFoundError);
    });
  });

  describe('GetReport, and pg-autotune report --api', () => {
    it('answers the report document of any session, finished or not, for the CLI to render', async () => {
      const session = await client.createSession((await freshInstance()).name, { iterations: 2 });
      await store.sessions.claimNext('worker-test', { sessionId: session.id });
      await store.iterations.insert(measuredRun(session.id, 'baseline', 1, 80));
      const doc = await client.getReport(session.id);
      expect(doc).toMatchObject({ format: 'pg-autotune-report/v1', session: { id: session.id, status: 'running', stepsPlanned: 2 }, recommended: null });
      expect(doc.conclusion.state).toBe('unavailable');
      await expect(client.getReport('00000000-0000-0000-0000-000000000000')).rejects.toThrow(NotFoundError);

      const out: string[] = [];
      await runReportCommand(session.id, { api: server.address }, { stdout: (t) => out.push(t), stderr: () => undefined });
      expect(out.join('')).toContain(`pg-autotune report: session ${session.id} (running)`);
      // "latest" is the newest session the service knows, whichever store it reads.
      const newest = await client.createSession((await freshInstance()).name, { iterations: 1 });
      const latest: string[] = [];
      await runReportCommand('latest', { api: server.address }, { stdout: (t) => latest.push(t), stderr: () => undefined });
      expect(latest.join('')).toContain(`session ${newest.id} (pending)`);
      await expect(runReportCommand('latest', { api: server.address, store: 'postgres://x/y' })).rejects.toThrow(InvalidArgumentError);
    });
  });

  it('ends open watches with UNAVAILABLE when the server stops', async () => {
    const other = await startRecommendation({ store, port: 0, watchPollMs: POLL_MS });
    const otherClient = new RecommendationClient(other.address);
    try {
      const session = await otherClient.createSession((await freshInstance()).name, { iterations: 1 });
      const stream = otherClient.watchSession(session.id);
      expect((await stream.next()).value).toMatchObject({ status: 'pending' });
      const started = Date.now();
      await other.stop();
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(stream.next()).rejects.toThrow(UnavailableError);
    } finally {
      otherClient.close();
    }
  });
});
