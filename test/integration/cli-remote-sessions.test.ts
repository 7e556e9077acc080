import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { findFreePort } from '../../lib/postgres/free-port';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { runCli } from '../helpers/run-cli';
import { oneLineError } from '../helpers/one-line-error';
import { runCliInProcess as cli } from '../helpers/run-cli-in-process';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';
import { measuredRun, RECOMMENDED_KNOBS, verifiedRecommendation } from '../helpers/verified-recommendation';
import { detectDrift } from '../../services/trainer/drift-test';
import { decideMixChange, mixShares } from '../../services/trainer/query-mix-change';

// The shared store server (trust auth); this file works in a schema of its own, dropped at the end.
const schema = uniqueSchemaName('cli_remote_sessions');

const VERIFIED = verifiedRecommendation();


describe('pg-autotune sessions and recommend against a running Recommendation service', () => {
  let store: MetadataStore;
  let api: Awaited<ReturnType<typeof startRecommendation>>;
  let instanceCount = 0;
  const apiFlag = () => ['--api', api.address];

  /** An instance of its own for a test (one active session per instance); what Discovery would have registered. */
  async function freshInstance(): Promise<string> {
    return (await store.instances.upsert({ name: `db-${++instanceCount}`, collectorAddress: '127.0.0.1:7002' })).name;
  }

  /** `sessions start` on a fresh instance: the id it printed. */
  async function startSession(instance: string, ...flags: string[]): Promise<string> {
    const started = await cli(['sessions', 'start', instance, ...flags, ...apiFlag()]);
    expect(started, started.stderr).toMatchObject({ code: 0 });
    return started.stdout.trim();
  }

  beforeAll(async () => {
    store = await openTestStore(schema);
    api = await startRecommendation({ store, port: 0, watchPollMs: 100, finishedCache: { recheckMs: 0 } });
  });

  afterAll(async () => {
    await api?.stop();
    await store?.close();
    await dropTestSchemas(schema);
  });

  it("sessions start creates a pending session with tune's options, parsed by tune's rules", async () => {
    const instance = await freshInstance();
    const id = await startSession(instance, '--iterations', '3', '--agent', 'random', '--duration', '2', '--workload', 'select-only@2', '--min-gain', '5');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await store.sessions.get(id);
    expect(stored.status).toBe('pending');
    expect(stored.options).toMatchObject({ iterations: 3, agent: 'random', minGain: 0.05, benchmark: { durationS: 2, scripts: [{ builtin: 'select-only', weight: 2 }] } });
  });

  it('refuses a bad option by its flag before asking the service, and an unknown instance by name', async () => {
    const instance = await freshInstance();
    const bad = await cli(['sessions', 'start', instance, '--iterations', '0', ...apiFlag()]);
    expect(oneLineError(bad)).toMatch(/^pg-autotune: invalid argument: --iterations: must be an integer in 1\.\.\d+, got "0"$/);
    expect(bad.code).toBe(1);
    expect(await store.sessions.list(instance)).toEqual([]);
    const unknown = await cli(['sessions', 'start', 'no-such-db', ...apiFlag()]);
    expect(oneLineError(unknown)).toBe('pg-autotune: not found: no instance with id or name "no-such-db"');
    expect(unknown.code).toBe(3);
  });

  it('refuses a second session on a busy instance, naming the first; sessions stop frees the instance', async () => {
    const instance = await freshInstance();
    const first = await startSession(instance, '--iterations', '1');
    const second = await cli(['sessions', 'start', instance, ...apiFlag()]);
    expect(oneLineError(second)).toContain(first);
    expect(second.code).toBe(4);

    const stopped = await cli(['sessions', 'stop', first, ...apiFlag()]);
    expect(stopped).toMatchObject({ code: 0, stdout: `session ${first} cancelled\n` });
    expect((await store.sessions.get(first)).status).toBe('cancelled');
    await startSession(instance, '--iterations', '1');
  });

  it('sessions stop refuses a finished session and names an unknown one', async () => {
    const id = await startSession(await freshInstance());
    await store.sessions.setStatus(id, 'finished');
    const finished = await cli(['sessions', 'stop', id, ...apiFlag()]);
    expect(oneLineError(finished)).toContain(`session ${id} is already finished`);
    expect(finished.code).toBe(4);
    const unknown = await cli(['sessions', 'stop', '00000000-0000-0000-0000-000000000000', ...apiFlag()]);
    expect(oneLineError(unknown)).toContain('no session with id "00000000-0000-0000-0000-000000000000"');
    expect(unknown.code).toBe(3);
  });

  it('sessions list and status show what the API holds, as text and as JSON', async () => {
    const instance = await freshInstance();
    const id = await startSession(instance, '--iterations', '4');
    const listed = await cli(['sessions', 'list', '--instance', instance, '--json', ...apiFlag()]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, instanceName: instance, status: 'pending', options: { iterations: 4 } }]);
    const table = await cli(['sessions', 'list', ...apiFlag()]);
    expect(table.stdout.split('\n')[0]).toMatch(/^SESSION\s+STATUS\s+INSTANCE\s+ROUND\s+STEPS/);
    // People read the instance's name, not its id.
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+pending\\s+${instance}\\s+-\\s+0/4 `, 'm'));
    const status = await cli(['sessions', 'status', id, ...apiFlag()]);
    expect(status.stdout).toContain(`session ${id}: pending`);
    expect(status.stdout).toContain('steps: 0 of 4');
    expect(status.stdout).toMatch(new RegExp(`^instance: ${instance} \\([0-9a-f-]{36}\\)$`, 'm'));
    expect(JSON.parse((await cli(['sessions', 'status', id, '--json', ...apiFlag()])).stdout)).toMatchObject({ id, status: 'pending' });
    const unknown = await cli(['sessions', 'list', '--instance', 'no-such-db', ...apiFlag()]);
    expect(oneLineError(unknown)).toContain('"no-such-db"');
  });

  it("sessions status shows a continuous session's last watch verdicts (drift test, query mix distance vs threshold), as text and as JSON", async () => {
    const id = await startSession(await freshInstance(), '--iterations', '2', '--continuous', '--watch-runs', '3', '--mix-threshold', '0.3');
    const status = async () => (await cli(['sessions', 'status', id, ...apiFlag()])).stdout;
    expect(await status()).toContain('last watch: none completed yet\n');
    await store.sessions.claimNext('worker-test', { sessionId: id });
    // Stored as the trainer's watch loop stores them: every run, the last of a watch with the
    // drift decision and the query mix's beside it (the real decision functions, on made-up runs).
    const verified = [100, 102, 98].map((tps) => ({ tps, p95Ms: 4 }));
    const mix = (select: number, update: number) => ({
      available: true, reason: '', readingId: 'r', interval: true, otherCalls: 0, otherExecTimeMs: 0, totalCalls: select + update,
      statements: [{ queryid: '11', calls: select, totalExecTimeMs: 1 }, { queryid: '22', calls: update, totalExecTimeMs: 1 }],
    });
    const reference = mixShares(mix(900, 100));
    let n = 0;
    const watch = async (round: number, tps: number[], select: number, update: number) => {
      for (const [run, t] of tps.entries()) {
        const last = run === tps.length - 1;
        const metrics = last
          ? { run, drift: detectDrift(verified, tps.map((x) => ({ tps: x, p95Ms: 4 })), 0.05), queryMix: { ...decideMixChange(reference, mix(select, update), 0.3), next: 'r' } }
          : { run };
        await store.iterations.insert(measuredRun(id, 'watch', ++n, t, { round, metrics }));
      }
    };
    await watch(1, [101, 99, 100], 900, 100);
    await watch(1, [70, 72, 69], 400, 600);
    // A third watch under way: its first run carries no decision yet, and the last complete one stays shown.
    await store.iterations.insert(measuredRun(id, 'watch', ++n, 100, { round: 1, metrics: { run: 0 } }));

    const text = await status();
    expect(text).toMatch(/^last watch: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, after round 1$/m);
    expect(text).toMatch(/^ {2}drift: TPS -29\.\d% \[-\d+\.\d, -\d+\.\d\], p95 0\.0% .* \(99% intervals, threshold 5\.0%\)$/m);
    expect(text).toContain('\n  query mix changed: distance 0.50 > 0.30\n');
    const json = JSON.parse((await cli(['sessions', 'status', id, '--json', ...apiFlag()])).stdout);
    expect(json.lastWatch).toMatchObject({ round: 1, drifted: true, referenceRuns: 3, watchRuns: 3, confidence: 0.99, mixState: 'compared', mixChanged: true, mixThreshold: 0.3, mixCalls: 1000 });
    expect(json.lastWatch.mixDistance).toBeCloseTo(0.5, 9);
    expect(json.lastWatch.tpsRatio).toBeCloseTo(70.33 / 100, 2);
    expect(json.lastWatch.tpsRatioHigh).toBeLessThan(1);
    expect(json.lastWatch.driftVerdict).toMatch(/^drift: TPS -29\.\d%/);
    // Not read for a list: one session's rows, not a page's.
    const listed = JSON.parse((await cli(['sessions', 'list', '--json', ...apiFlag()])).stdout) as Array<{ id: string; lastWatch: unknown }>;
    expect(listed.find((s) => s.id === id)?.lastWatch).toBeNull();
  });

  it("sessions watch shows the runs as they are stored, in tune's display, until the session ends", async () => {
    const id = await startSession(await freshInstance(), '--iterations', '2');
    const watching = cli(['sessions', 'watch', id, ...apiFlag()]);
    await store.sessions.claimNext('worker-test', { sessionId: id });
    await store.iterations.insert(measuredRun(id, 'baseline', 1, 100));
    await store.iterations.insert(measuredRun(id, 'step', 1, 110, { knobs: RECOMMENDED_KNOBS }));
    await store.sessions.setStatus(id, 'finished');
    const watched = await watching;
    expect(watched.code, watched.stderr).toBe(0);
    // Not a terminal: ProgressDisplay writes one line per event, [status] first. A watch that
    // starts late catches up on every stored run, so the step is there whenever it began.
    const lines = watched.stderr.trim().split('\n');
    expect(lines.filter((l) => /^\[\w+\] step 1\/2.*; best 110\.0 TPS$/.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toBe(`session ${id} finished; its recommendation: pg-autotune recommend --session ${id}`);
  });

  it('sessions watch exits non-zero with the error of a failed session', async () => {
    const id = await startSession(await freshInstance(), '--iterations', '1');
    await store.sessions.setStatus(id, 'failed', 'pgbench failed: connection refused');
    const watched = await cli(['sessions', 'watch', id, ...apiFlag()]);
    expect(watched.code).toBe(4);
    expect(watched.stderr.trim().split('\n').at(-1)).toBe(`pg-autotune: failed precondition: session ${id} failed: pgbench failed: connection refused`);
  });

  describe('recommend', () => {
    let instance: string;
    let finished: string;

    beforeAll(async () => {
      instance = await freshInstance();
      finished = await startSession(instance, '--iterations', '1');
      await store.iterations.insert(measuredRun(finished, 'baseline', 1, 100));
      await store.iterations.insert(measuredRun(finished, 'step', 1, 125, { knobs: RECOMMENDED_KNOBS }));
      await store.recommendations.save({ sessionId: finished, knobs: RECOMMENDED_KNOBS, report: { ...VERIFIED } });
      await store.sessions.setStatus(finished, 'finished');
      // A newer session that has not finished: recommend answers from the finished one.
      await startSession(instance, '--iterations', '1');
    });

    it("prints the newest finished session's recommendation as ALTER SYSTEM statements (the default)", async () => {
      const sql = await cli(['recommend', instance, ...apiFlag()]);
      expect(sql.code, sql.stderr).toBe(0);
      expect(sql.stdout).toMatch(/^-- pg-autotune session /);
      expect(sql.stdout).toContain(finished);
      expect(sql.stdout).toMatch(/^ALTER SYSTEM SET work_mem = '16MB';/m);
      expect(sql.stdout).toMatch(/^SELECT pg_reload_conf\(\);$/m);
    });

    it('prints a postgresql.conf snippet or the report document, by instance or by --session', async () => {
      const conf = await cli(['recommend', '--session', finished, '--format', 'conf', ...apiFlag()]);
      expect(conf.stdout).toMatch(/^# pg-autotune recommendation$/m);
      expect(conf.stdout).toMatch(/^work_mem = '16MB'/m);
      const json = await cli(['recommend', instance, '--format', 'json', ...apiFlag()]);
      expect(JSON.parse(json.stdout)).toMatchObject({ format: 'pg-autotune-report/v1', session: { id: finished, status: 'finished' } });
    });

    it('names the instance without a finished session, and the session without a recommendation', async () => {
      const busy = await freshInstance();
      const pending = await startSession(busy);
      const none = await cli(['recommend', busy, ...apiFlag()]);
      expect(oneLineError(none)).toBe(
        `pg-autotune: not found: instance "${busy}" has no finished session: its newest session ${pending} is pending (follow it: pg-autotune sessions watch ${pending})`,
      );
      expect(none.code).toBe(3);
      const idle = await freshInstance();
      expect(oneLineError(await cli(['recommend', idle, ...apiFlag()]))).toBe(
        `pg-autotune: not found: instance "${idle}" has no finished session: it has no session yet (start one: pg-autotune sessions start ${idle})`,
      );
      const noRecommendation = await cli(['recommend', '--session', pending, ...apiFlag()]);
      expect(oneLineError(noRecommendation)).toContain(`session ${pending} has no recommendation: it is pending`);
      const both = await cli(['recommend', busy, '--session', pending, ...apiFlag()]);
      expect(oneLineError(both)).toBe('pg-autotune: invalid argument: recommend: give an instance or --session ID, one of them');
    });

    it('works the same from the pg-autotune binary (cli/main.ts)', async () => {
      const binary = await runCli(['recommend', instance, '--format', 'sql', ...apiFlag()]).done;
      expect(binary.code, binary.stderr).toBe(0);
      expect(binary.stdout).toMatch(/^ALTER SYSTEM SET work_mem = '16MB';/m);
    });
  });

  it('says it cannot reach the API at its address, with exit code 5, when nothing listens there', async () => {
    const address = `127.0.0.1:${await findFreePort()}`;
    for (const args of [['sessions', 'list'], ['sessions', 'status', 'x'], ['recommend', 'db-1'], ['sessions', 'start', 'db-1']]) {
      const result = await cli([...args, '--api', address]);
      expect(oneLineError(result), args.join(' ')).toBe(`pg-autotune: unavailable: cannot reach the API at ${address} (is it running? another address: --api HOST:PORT)`);
      expect(result.code).toBe(5);
    }
  });
});
