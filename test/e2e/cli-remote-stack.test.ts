import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import type { RunningServer } from '../../lib/grpc/grpc-server';
import { PgTarget } from '../../lib/postgres/pg-target';
import { ensureDatabase } from '../../lib/store/ensure-database';
import { startCollector } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { startEnvironment } from '../../services/environment/start-environment';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import type { CliRun } from '../helpers/run-cli';
import { serverSetting } from '../helpers/server-setting';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { StackScratch } from '../helpers/stack-scratch';

/**
 * What a user of a running stack types, end to end: register from an instance file, start a
 * session, watch it run on a `serve trainer` process, print its recommendation; stop a running
 * session. The services run in this process on port 0; the CLI and the trainer are processes
 * of their own.
 */
describe('the remote CLI against a running stack, one session end to end', () => {
  let sandbox: SandboxFixture;
  const servers: RunningServer[] = [];
  const scratch = new StackScratch('cli_remote');
  const { storeDsn, dir } = scratch;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let environment: RunningServer;
  let discovery: RunningServer;
  let api: RunningServer;
  let trainer: CliRun;
  let workMem: string;
  const cli = (args: string[]) => scratch.cli(args);

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    await ensureDatabase(PgTarget.fromDsn(storeDsn));
    workMem = await serverSetting(sandbox.target, 'work_mem');
    collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir: path.join(dir, 'collector-state'), port: 0 });
    environment = await startEnvironment({ port: 0 });
    discovery = await startDiscovery({ store: { dsn: storeDsn }, port: 0 });
    api = await startRecommendation({ store: { dsn: storeDsn }, port: 0 });
    servers.push(collector, environment, discovery, api);
    trainer = cli(['serve', 'trainer', '--store', storeDsn, '--environment', environment.address]);
  });

  afterAll(async () => {
    trainer?.child.kill('SIGTERM');
    await trainer?.done;
    await scratch.cleanup(async () => {
      for (const server of servers.reverse()) await server.stop();
    });
    await sandbox?.stop();
  });

  it('register, sessions start, sessions watch, recommend --format sql', async () => {
    const file = path.join(dir, 'instance.yaml');
    writeFileSync(file, `name: remote-e2e\ncollector: ${collector.address}\n`);
    const registered = await cli(['register', '--config', file, '--discovery', discovery.address]).done;
    expect(registered.code, registered.stderr).toBe(0);

    const tuneFlags = ['--iterations', '2', '--verify', '1', '--workload', 'select-only', '--duration', '1', '--warmup', '0', '--clients', '2'];
    const started = await cli(['sessions', 'start', 'remote-e2e', ...tuneFlags, '--api', api.address]).done;
    expect(started.code, started.stderr).toBe(0);
    const sessionId = started.stdout.trim();

    const watched = await cli(['sessions', 'watch', sessionId, '--api', api.address]).done;
    expect(watched.code, `${watched.stderr}\ntrainer: ${trainer.stderrSoFar().slice(-3000)}`).toBe(0);
    expect(watched.stderr).toMatch(/^\[running\] step 1\/2/m);
    expect(watched.stderr).toMatch(/^\[running\] step 2\/2/m);
    expect(watched.stderr.trim().split('\n').at(-1)).toBe(`session ${sessionId} finished; its recommendation: pg-autotune recommend --session ${sessionId}`);

    const sql = await cli(['recommend', 'remote-e2e', '--format', 'sql', '--api', api.address]).done;
    expect(sql.code, sql.stderr).toBe(0);
    // One verification round is never significant: the answer is to keep what is there, in comments.
    expect(sql.stdout).toMatch(new RegExp(`^-- pg-autotune session ${sessionId}: `));
    expect(sql.stdout).not.toMatch(/^ALTER SYSTEM/m);
    // The trainer put the server back as it found it.
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(workMem);
  }, 360_000);

  it('sessions stop cancels a running session: the trainer stops, restores the server, and the instance takes a new session', async () => {
    const long = ['--iterations', '200', '--workload', 'select-only', '--duration', '1', '--warmup', '0', '--clients', '2'];
    const started = await cli(['sessions', 'start', 'remote-e2e', ...long, '--api', api.address]).done;
    expect(started.code, started.stderr).toBe(0);
    const sessionId = started.stdout.trim();
    const status = async () => JSON.parse((await cli(['sessions', 'status', sessionId, '--json', '--api', api.address]).done).stdout) as { status: string; iterationsDone: number };
    const deadline = Date.now() + 120_000;
    while ((await status()).iterationsDone < 1) {
      if (Date.now() > deadline) throw new Error(`no step stored; trainer: ${trainer.stderrSoFar().slice(-3000)}`);
    }

    const stopped = await cli(['sessions', 'stop', sessionId, '--api', api.address]).done;
    expect(stopped).toMatchObject({ code: 0, stdout: `session ${sessionId} cancelled\n` });
    // The watch of a cancelled session ends at once, without an error.
    const watched = await cli(['sessions', 'watch', sessionId, '--api', api.address]).done;
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stderr.trim().split('\n').at(-1)).toBe(`session ${sessionId} cancelled`);
    // The instance is free at once; the trainer claims the new session once it has stopped the cancelled one
    // (at its next heartbeat, after the current run) and restored the server.
    const again = await cli(['sessions', 'start', 'remote-e2e', '--iterations', '1', '--verify', '1', ...long.slice(2), '--api', api.address]).done;
    expect(again.code, again.stderr).toBe(0);
    const next = await cli(['sessions', 'watch', again.stdout.trim(), '--api', api.address]).done;
    expect(next.code, `${next.stderr}\ntrainer: ${trainer.stderrSoFar().slice(-3000)}`).toBe(0);
    expect(next.stderr.trim().split('\n').at(-1)).toMatch(/ finished; /);
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(workMem);
  }, 360_000);
});
