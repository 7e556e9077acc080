import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent__Output } from '../../proto/generated/autotune/v1/ProgressEvent';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { PgTarget } from '../../lib/postgres/pg-target';
import { findFreePort } from '../../lib/postgres/free-port';
import { runCli, type CliRun } from '../helpers/run-cli';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

/**
 * The docker-compose stack without Docker: every service started as its own process with the
 * same `pg-autotune serve ...` commands the compose file runs, talking gRPC over loopback.
 * Protects the serve commands' flags, their health checks, the path of a session from
 * Discovery and Recommendation through a separate trainer process, and clean shutdown on
 * SIGTERM (what `docker-compose stop` sends).
 */

interface Service {
  name: string;
  run: CliRun;
}

/** Polls the process's gRPC health check until it says SERVING; fails early if the process exits. */
async function untilServing(service: Service, address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    if (service.run.child.exitCode !== null || service.run.child.signalCode !== null) {
      throw new Error(`${service.name} exited before serving: ${service.run.stderrSoFar().slice(-3000)}`);
    }
    try {
      const status = await checkHealth(address, '', 1_000);
      if (status === 'SERVING') return;
      last = status;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${service.name} at ${address} not SERVING after ${timeoutMs} ms (${last}): ${service.run.stderrSoFar().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Resolves with how the process ended, or rejects when it is still running after `ms`. */
function exitWithin(service: Service, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${service.name} still running ${ms} ms after SIGTERM: ${service.run.stderrSoFar().slice(-2000)}`)), ms);
  });
  return Promise.race([service.run.done, late]).finally(() => clearTimeout(timer));
}

describe('the services as separate processes (what docker-compose runs), one session end to end', () => {
  let sandbox: SandboxFixture;
  const services: Service[] = [];
  const storeDb = `pgat_proc_${randomUUID().slice(0, 8)}`;
  const storeDsn = `postgres://postgres@127.0.0.1:5432/${storeDb}`;
  const admin = PgTarget.fromDsn('postgres://postgres@127.0.0.1:5432/postgres');

  const start = (name: string, args: string[]): Service => {
    const service = { name, run: runCli(args) };
    services.push(service);
    return service;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
  });

  afterAll(async () => {
    // Whatever a failed test left running: no process outlives the file.
    for (const { run } of services) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await Promise.all(services.map((s) => s.run.done));
    const client = new Client(admin.clientConfig());
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${storeDb} WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await sandbox?.stop();
  });

  it('serves, registers, tunes through a trainer process, reports, and stops on SIGTERM', async () => {
    const [collectorPort, environmentPort, discoveryPort, recommendationPort] = [
      await findFreePort(),
      await findFreePort(),
      await findFreePort(),
      await findFreePort(),
    ];
    const address = (port: number) => `127.0.0.1:${port}`;
    const collector = start('collector', ['serve', 'collector', '--target', sandbox.dsn, '--data-dir', sandbox.dataDir, '--port', String(collectorPort)]);
    const environment = start('environment', ['serve', 'environment', '--port', String(environmentPort)]);
    const discovery = start('discovery', ['serve', 'discovery', '--store', storeDsn, '--port', String(discoveryPort)]);
    const recommendation = start('recommendation', ['serve', 'recommendation', '--store', storeDsn, '--port', String(recommendationPort)]);

    await Promise.all([
      untilServing(collector, address(collectorPort), 30_000),
      untilServing(environment, address(environmentPort), 30_000),
      untilServing(discovery, address(discoveryPort), 30_000),
      untilServing(recommendation, address(recommendationPort), 30_000),
    ]);

    const discoveryClient = new DiscoveryClient(address(discoveryPort));
    const recommendationClient = new RecommendationClient(address(recommendationPort));
    try {
      const instance = await discoveryClient.registerInstance('proc-test', address(collectorPort));
      expect(instance.collectorAddress).toBe(address(collectorPort));
      expect(instance.serverVersion).not.toBe('');

      const session = await recommendationClient.createSession(instance.id, {
        iterations: 2,
        verifyRepeats: 1,
        benchmark: { scripts: [{ builtin: 'select-only' }], durationS: 1, warmupS: 0, clients: 2 },
      });
      expect(session.status).toBe('pending');

      const trainer = start('trainer', ['serve', 'trainer', '--store', storeDsn, '--environment', address(environmentPort)]);

      const events: ProgressEvent__Output[] = [];
      const watchFor = AbortSignal.timeout(70_000);
      for await (const event of recommendationClient.watchSession(session.id, { signal: watchFor })) events.push(event);
      const last = events.at(-1);
      if (last?.status !== 'finished') {
        throw new Error(
          `session ended ${last?.status ?? 'without events'}${watchFor.aborted ? ' (watch timed out)' : ''}: ${last?.message}; ` +
            `trainer: ${trainer.run.stderrSoFar().slice(-3000)}; environment: ${environment.run.stderrSoFar().slice(-2000)}`,
        );
      }
      const statuses = events.map((e) => e.status);
      expect(statuses).toContain('running');
      expect(events.filter((e) => /^step \d+\/2/.test(e.message)).map((e) => e.iteration)).toEqual([1, 2]);
      expect(events.some((e) => /^verify/.test(e.message))).toBe(true);
      expect(last.baselineTps).toBeGreaterThan(0);

      const report = await recommendationClient.getRecommendation(session.id);
      expect(report.sessionId).toBe(session.id);
      expect(report.baselineKnobs.map((k) => k.name)).toContain('work_mem');
      expect(report.summary).not.toBe('');
      expect(JSON.parse(report.reportJson)).toMatchObject({ format: 'pg-autotune-report/v1', session: { id: session.id, status: 'finished' } });
      expect((await recommendationClient.getSession(session.id)).status).toBe('finished');
    } finally {
      discoveryClient.close();
      recommendationClient.close();
    }

    // docker-compose stop: SIGTERM, then a kill after a grace period. Each must leave by
    // itself, through its handler: exit code 0, not death by the signal (which a process
    // without a handler would also show).
    for (const { run } of services) run.child.kill('SIGTERM');
    const ends = await Promise.all(services.map((s) => exitWithin(s, 10_000)));
    ends.forEach((end, i) => {
      const { name, run } = services[i]!;
      expect({ code: end.code, signal: end.signal }, `${name}: ${run.stderrSoFar().slice(-2000)}`).toEqual({ code: 0, signal: null });
    });
  }, 120_000);
});
