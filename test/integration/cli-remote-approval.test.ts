import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { startCollector } from '../../services/collector/start-collector';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { runCli } from '../helpers/run-cli';
import { oneLineError } from '../helpers/one-line-error';
import { runCliInProcess as cli } from '../helpers/run-cli-in-process';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serverSetting } from '../helpers/server-setting';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';
import { RECOMMENDED_KNOBS, verifiedRecommendation } from '../helpers/verified-recommendation';

/**
 * `sessions start --apply approve`, `recommend` (the approval state), `approve`, `reject`,
 * `rollback` and `sessions list --limit` against a running Recommendation service, whose
 * approvals reach a real collector on a sandbox; the store in a schema of its own.
 */
const schema = uniqueSchemaName('cli_approval');
const VERIFIED = verifiedRecommendation();

describe('pg-autotune approve, reject and rollback against a running stack', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let store: MetadataStore;
  let api: Awaited<ReturnType<typeof startRecommendation>>;
  let instances = 0;
  const apiFlag = () => ['--api', api.address];

  /** `sessions start --apply approve` on an instance of its own, then what a trainer would leave: finished, its recommendation pending. */
  async function pendingRecommendation(): Promise<{ instance: string; session: string }> {
    const instance = (await store.instances.upsert({ name: `cli-approval-${++instances}`, collectorAddress: collector.address })).name;
    const started = await cli(['sessions', 'start', instance, '--apply', 'approve', ...apiFlag()]);
    expect(started, started.stderr).toMatchObject({ code: 0 });
    const session = started.stdout.trim();
    expect((await store.sessions.get(session)).options.requireApproval).toBe(true);
    await store.recommendations.save({ sessionId: session, knobs: RECOMMENDED_KNOBS, report: { ...VERIFIED }, approvalState: 'pending' });
    await store.sessions.setStatus(session, 'finished');
    return { instance, session };
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir: path.join(sandbox.baseDir, 'collector-state'), port: 0 });
    store = await openTestStore(schema);
    api = await startRecommendation({ store, port: 0, finishedCache: { recheckMs: 0 } });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await store?.close();
    await collector?.stop();
    await sandbox?.stop();
    await dropTestSchemas(schema);
  });

  it('recommend says pending, approve applies it under the OS user name, rollback puts the original back', async () => {
    const { instance, session } = await pendingRecommendation();
    const sql = await cli(['recommend', instance, ...apiFlag()]);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout.split('\n')[0]).toBe(`-- approval: pending; nothing is applied until someone runs: pg-autotune approve ${session} (or reject it)`);
    const json = await cli(['recommend', instance, '--format', 'json', ...apiFlag()]);
    expect(json.stderr).toContain('approval: pending');
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();

    const approved = await cli(['approve', session, ...apiFlag()]);
    expect(approved.code, approved.stderr).toBe(0);
    const me = userInfo().username;
    expect(approved.stdout).toBe(`approved by ${me}: session ${session}'s recommendation is applied (work_mem=16384)\n`);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('16384');
    expect((await cli(['recommend', '--session', session, '--format', 'conf', ...apiFlag()])).stdout.split('\n')[0]).toBe(
      `# approval: approved by ${me}; it was applied to the instance`,
    );

    const rolledBack = await cli(['rollback', instance, '--as', 'oncall', ...apiFlag()]);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toBe(`rolled back ${instance} by oncall: work_mem=4096 (was work_mem=16384)\n`);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
    const nothing = await cli(['rollback', instance, ...apiFlag()]);
    expect(oneLineError(nothing)).toContain('has no applied change left to roll back');
    expect(nothing.code).toBe(4);
  }, 120_000);

  it('reject --as discards it; approving it afterwards exits 4 naming who rejected it; unknown ids exit 3', async () => {
    const { session } = await pendingRecommendation();
    const rejected = await cli(['reject', session, '--as', 'carol', ...apiFlag()]);
    expect(rejected.stdout).toBe(`rejected by carol: session ${session}'s recommendation is discarded\n`);
    const late = await cli(['approve', session, ...apiFlag()]);
    expect(oneLineError(late)).toContain('already rejected by carol');
    expect(late.code).toBe(4);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe('4096');
    const unknown = await cli(['approve', '00000000-0000-0000-0000-000000000000', ...apiFlag()]);
    expect(unknown.code).toBe(3);
    expect((await cli(['rollback', 'no-such-db', ...apiFlag()])).code).toBe(3);
  }, 60_000);

  it('refuses --apply approve with --apply-best, naming the flags, before asking the service', async () => {
    const instance = (await store.instances.upsert({ name: `cli-approval-${++instances}`, collectorAddress: collector.address })).name;
    const both = await cli(['sessions', 'start', instance, '--apply', 'approve', '--apply-best', ...apiFlag()]);
    expect(oneLineError(both)).toBe(
      'pg-autotune: invalid argument: --apply: approve waits for a person and --apply-best applies the recommendation unattended: give one of them',
    );
    expect(both.code).toBe(1);
    expect(await store.sessions.list(instance)).toEqual([]);
  });

  it('sessions list --limit shows the newest N and says when there are more', async () => {
    const all = await store.sessions.list();
    expect(all.length).toBeGreaterThan(1);
    const limited = await cli(['sessions', 'list', '--limit', '1', '--json', ...apiFlag()]);
    expect(limited.code, limited.stderr).toBe(0);
    expect((JSON.parse(limited.stdout) as Array<{ id: string }>).map((s) => s.id)).toEqual([all[0]!.id]);
    expect(limited.stderr).toContain('the newest 1 shown; there are more');
    expect((await cli(['sessions', 'list', '--limit', '0', ...apiFlag()])).code).toBe(1);
  });

  it('the real binary wires the commands with the token and TLS flags and shows an example', async () => {
    for (const command of ['approve', 'reject', 'rollback']) {
      const help = await runCli([command, '--help']).done;
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('--token-file');
      expect(help.stdout).toContain('--tls-ca');
      expect(help.stdout).toMatch(new RegExp(`\\$ pg-autotune ${command} `));
    }
  }, 120_000);
});
