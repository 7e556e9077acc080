import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '../../lib/grpc/autotune-proto';
import { checkHealth } from '../../lib/grpc/health-client';
import { runCli, type CliRun } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { serveAllServing, type ServeAllServing } from '../helpers/serve-all-serving';
import { serverSetting } from '../helpers/server-setting';
import { until } from '../helpers/service-process';
import { StackScratch } from '../helpers/stack-scratch';

/**
 * `pg-autotune serve all` as a user runs it, its configuration from all three sources (the
 * store and the target in a YAML file, the name in the environment, the ports on the command
 * line): every port answers its health check, the collector registered itself, and a session
 * started and watched with the remote CLI runs on the process's own trainer and finishes.
 */
describe('serve all: every service of one host in one process', () => {
  let sandbox: SandboxFixture;
  let serveAll: CliRun;
  let serving: ServeAllServing;
  let workMem: string;
  const scratch = new StackScratch('serve_all');
  const { dir } = scratch;
  const cli = (args: string[]) => scratch.cli(args);

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    workMem = await serverSetting(sandbox.target, 'work_mem');
    const config = path.join(dir, 'serve.yaml');
    writeFileSync(config, `# one host\nstore: ${scratch.storeDsn}\ntarget: ${sandbox.dsn}\nstate_dir: ${dir}/state\ndiscovery_port: 1\n`);
    const ports = ['discovery', 'collector', 'recommendation', 'environment'].flatMap((s) => [`--${s}-port`, '0']);
    // Killed by cleanup() (SIGKILL): its collector is a service of this process, nothing outlives it.
    serveAll = scratch.cli(['serve', 'all', '--config', config, ...ports, '--heartbeat-interval', '1'], { PG_AUTOTUNE_NAME: 'serve-all-1' });
    serving = await serveAllServing(serveAll);
  }, 180_000);

  afterAll(async () => {
    await scratch.cleanup();
    await sandbox?.stop();
  }, 120_000);

  it('answers on every port, flags over the file (discovery_port: 1 there)', async () => {
    for (const name of ['discovery', 'environment', 'recommendation', 'collector'] as const) {
      expect(serving[name], name).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(serving[name]).not.toBe('127.0.0.1:1');
      expect(await checkHealth(serving[name]!, SERVICE_NAMES[name], 5_000), name).toBe('SERVING');
    }
  });

  it('registered its collector under the name from the environment, alive', async () => {
    await until(
      'the collector to register',
      async () => /^serve-all-1\s+alive\s/m.test((await cli(['instances', '--discovery', serving.discovery]).done).stdout),
      30_000,
      () => serveAll.stderrSoFar().slice(-3000),
    );
    const listed = JSON.parse((await cli(['instances', '--json', '--discovery', serving.discovery]).done).stdout) as Array<{ name: string; collectorAddress: string }>;
    expect(listed).toEqual([expect.objectContaining({ name: 'serve-all-1', collectorAddress: serving.collector })]);
  }, 60_000);

  it('runs a session started with the remote CLI on its own trainer, to a recommendation', async () => {
    const tuneFlags = ['--iterations', '2', '--verify', '1', '--workload', 'select-only', '--duration', '1', '--warmup', '0', '--clients', '2'];
    const started = await cli(['sessions', 'start', 'serve-all-1', ...tuneFlags, '--api', serving.recommendation]).done;
    expect(started.code, started.stderr).toBe(0);
    const sessionId = started.stdout.trim();
    const watched = await cli(['sessions', 'watch', sessionId, '--api', serving.recommendation]).done;
    expect(watched.code, `${watched.stderr}\nserve all: ${serveAll.stderrSoFar().slice(-3000)}`).toBe(0);
    expect(watched.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^session ${sessionId} finished; `));
    const sql = await cli(['recommend', 'serve-all-1', '--format', 'sql', '--api', serving.recommendation]).done;
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(new RegExp(`^-- pg-autotune session ${sessionId}: `));
    expect(await serverSetting(sandbox.target, 'work_mem')).toBe(workMem);
  }, 360_000);

  it('stops on SIGTERM with exit code 0, its ports closed', async () => {
    serveAll.child.kill('SIGTERM');
    const { code, stderr } = await serveAll.done;
    expect(code, stderr.slice(-3000)).toBe(0);
    expect(await checkHealth(serving.discovery, '', 1_000).catch(() => 'DOWN')).toBe('DOWN');
  }, 60_000);
});

/**
 * The same process with a bearer token and TLS from its config file: its own services call
 * each other with them (the collector registering with Discovery, Discovery asking the
 * collector what it serves), and a client needs both.
 */
describe('serve all with a token and TLS', () => {
  let sandbox: SandboxFixture;
  let serveAll: CliRun;
  const scratch = new StackScratch('serve_all_tls');
  const { dir } = scratch;
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const tokenFile = path.join(dir, 'token');

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    writeFileSync(tokenFile, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
    const config = path.join(dir, 'serve.yaml');
    writeFileSync(
      config,
      [
        `store: ${scratch.storeDsn}`,
        `target: ${sandbox.dsn}`,
        'name: serve-all-tls',
        `state_dir: ${dir}/state`,
        `token_file: ${tokenFile}`,
        `tls_cert: ${certFile}`,
        `tls_key: ${keyFile}`,
        `tls_ca: ${certFile}`,
        ...['discovery', 'collector', 'recommendation', 'environment'].map((s) => `${s}_port: 0`),
        'heartbeat_interval_s: 1',
      ].join('\n'),
    );
    serveAll = runCli(['serve', 'all', '--config', config], { PG_AUTOTUNE_TOKEN: '' });
    await serveAllServing(serveAll);
  }, 180_000);

  afterAll(async () => {
    if (serveAll && serveAll.child.exitCode === null) {
      serveAll.child.kill('SIGTERM');
      await serveAll.done;
    }
    await scratch.cleanup();
    await sandbox?.stop();
  }, 120_000);

  it('registers its collector over TLS with the token; a client needs both', async () => {
    const serving = await serveAllServing(serveAll);
    expect(serving).toMatchObject({ token: 'required', tls: true });
    const instances = (extra: string[]) => runCli(['instances', '--discovery', serving.discovery, ...extra], { PG_AUTOTUNE_TOKEN: '' }).done;
    await until(
      'the collector to register',
      async () => /^serve-all-tls\s+alive\s/m.test((await instances(['--token-file', tokenFile, '--tls-ca', certFile])).stdout),
      30_000,
      () => serveAll.stderrSoFar().slice(-3000),
    );
    expect((await instances(['--tls-ca', certFile])).code).toBe(7);
    expect((await instances(['--token-file', tokenFile])).code).not.toBe(0);
    expect(serveAll.stderrSoFar()).not.toMatch(/failed; the collector keeps serving/);
  }, 60_000);
});
