import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError, UnauthenticatedError, UnavailableError } from '../../lib/core/errors';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import { checkHealth } from '../../lib/grpc/health-client';
import { findFreePort } from '../../lib/postgres/free-port';
import { runCli, type CliRun } from '../helpers/run-cli';

/**
 * `pg-autotune serve environment` as its own process (it needs no database), as an operator
 * starts it: the token from a file, /metrics on a port. Protects the serve flags, the refusal
 * to start exposed without a token, and that the token reaches no line the process writes.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-autotune-serve-auth-'));
const secret = randomBytes(24).toString('hex');
const tokenFile = path.join(dir, 'token');
writeFileSync(tokenFile, `${secret}\n`);
chmodSync(tokenFile, 0o600);
const running: CliRun[] = [];

afterAll(async () => {
  for (const run of running) {
    if (run.child.exitCode === null) run.child.kill('SIGTERM');
    await run.done;
  }
  rmSync(dir, { recursive: true, force: true });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function untilServing(run: CliRun, address: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`exited before serving: ${run.stderrSoFar()}`);
    if ((await checkHealth(address, '', 1_000).catch(() => 'DOWN')) === 'SERVING') return;
    if (Date.now() > deadline) throw new Error(`not serving after 30 s: ${run.stderrSoFar()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('serve with a token file and a metrics port', () => {
  it('wants the token, serves /metrics, and never writes the token', async () => {
    const [port, metricsPort] = [await findFreePort(), await findFreePort()];
    const address = `127.0.0.1:${port}`;
    const run = runCli(['serve', 'environment', '--port', String(port), '--token-file', tokenFile, '--metrics-port', String(metricsPort)], { PG_AUTOTUNE_TOKEN: '' });
    running.push(run);
    await untilServing(run, address);

    const stranger = new EnvironmentClient(address, {});
    await expect(stranger.close('env-x')).rejects.toBeInstanceOf(UnauthenticatedError);
    stranger.closeClient();
    const wrong = new EnvironmentClient(address, { token: new BearerToken(`${secret}-not`, 'test') });
    await expect(wrong.close('env-x')).rejects.toBeInstanceOf(UnauthenticatedError);
    wrong.closeClient();
    // Past the check, the service itself answers: there is no such environment.
    const holder = new EnvironmentClient(address, { token: new BearerToken(secret, 'test') });
    await expect(holder.close('env-x')).rejects.toBeInstanceOf(NotFoundError);
    holder.closeClient();

    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toContain('pg_autotune_rpc_total{method="/autotune.v1.Environment/Close",code="UNAUTHENTICATED"} 2');
    expect(text).toContain('pg_autotune_rpc_total{method="/autotune.v1.Environment/Close",code="NOT_FOUND"} 1');

    run.child.kill('SIGTERM');
    const { code, stdout, stderr } = await run.done;
    expect(code).toBe(0);
    expect(stderr).toContain('"token":"required"');
    expect(stderr.match(/call refused/g)).toHaveLength(2);
    expect(`${stdout}${stderr}`).not.toContain(secret);
  }, 60_000);

  it.skipIf(!hasOpenssl())('serves TLS from --tls-cert/--tls-key to a caller that trusts the certificate', async () => {
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    const port = await findFreePort();
    const address = `127.0.0.1:${port}`;
    const run = runCli(['serve', 'environment', '--port', String(port), '--tls-cert', certFile, '--tls-key', keyFile], { PG_AUTOTUNE_TOKEN: secret });
    running.push(run);
    const token = new BearerToken(secret, 'test');
    const deadline = Date.now() + 60_000;
    const tls = new EnvironmentClient(address, { token, tls: { caFile: certFile } });
    // Polled with the TLS client itself: the plaintext health client cannot talk to it.
    for (;;) {
      const err = await tls.close('env-x').catch((e: unknown) => e);
      if (err instanceof NotFoundError) break;
      if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`no TLS answer: ${String(err)} ${run.stderrSoFar()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    tls.closeClient();
    const plain = new EnvironmentClient(address, { token });
    await expect(plain.close('env-x')).rejects.toBeInstanceOf(UnavailableError);
    plain.closeClient();
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.done;
    expect(code).toBe(0);
    expect(stderr).toContain('"tls":true');
  }, 90_000);

  it('refuses to listen beyond loopback without a token', async () => {
    const run = runCli(['serve', 'environment', '--listen', '0.0.0.0', '--port', '0'], { PG_AUTOTUNE_TOKEN: '' });
    running.push(run);
    const { code, stderr } = await run.done;
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a bearer token.*--insecure/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('refuses a token file other users can read', async () => {
    const open = path.join(dir, 'open-token');
    writeFileSync(open, secret);
    chmodSync(open, 0o644);
    const run = runCli(['serve', 'environment', '--port', '0', '--token-file', open]);
    running.push(run);
    const { code, stderr } = await run.done;
    expect(code).not.toBe(0);
    expect(stderr).toContain('--token-file:');
    expect(stderr).toContain('chmod 600');
    expect(stderr).not.toContain(secret);
  }, 30_000);
});
