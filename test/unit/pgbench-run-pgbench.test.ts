import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPgbench, type PgbenchInvocation } from '../../services/collector/pgbench/run-pgbench';
import { DeadlineExceededError, FailedPreconditionError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';

const dir = mkdtempSync(path.join(tmpdir(), 'pgat-run-pgbench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'pw-Secret-42';
const target = new PgTarget({ host: '127.0.0.1', port: 5432, user: 'bench', database: 'shop', password: PASSWORD });

/** A stand-in pgbench: a shell script with the given body. */
function fake(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const invoke = (pgbenchPath: string, extra: Partial<PgbenchInvocation> = {}) =>
  runPgbench({ pgbenchPath, args: [], target, timeoutMs: 10_000, what: 'pgbench test run', ...extra });

describe('runPgbench', () => {
  it('passes arguments verbatim without a shell and the connection only in the environment', async () => {
    const echo = fake('echo', 'printf "%s\\n" "$@"; echo "$PGHOST $PGPORT $PGUSER $PGDATABASE $PGPASSWORD $LC_ALL" >&2');
    const args = ['--file', '/x/$(touch pwned); rm -rf ~ `id`.sql@1', "it's"];
    const output = await invoke(echo, { args });
    expect(output.stdout).toBe(`${args.join('\n')}\n`);
    expect(output.stderr).toBe(`127.0.0.1 5432 bench shop ${PASSWORD} C\n`);
  });

  it('with a FIFO log, makes one FIFO per thread under pgbench\'s own pid, then runs pgbench with the same arguments', async () => {
    // A prefix a shell would misread if it were ever parsed as shell text.
    const folder = mkdtempSync(path.join(dir, "fifo $(touch pwned) 'x` "));
    const prefix = path.join(folder, 'log; rm -rf ~');
    const lister = fake('lister', 'echo "$$"; for f in "$1".*; do [ -p "$f" ] && echo "$f"; done; printf "%s\\n" "$@"');
    const args = [prefix, '--log', '--log-prefix', prefix];
    const output = await invoke(lister, { args, fifoLog: { prefix, threads: 3 } });
    const [pid, ...rest] = output.stdout.trim().split('\n');
    expect(rest).toEqual([`${prefix}.${pid}`, `${prefix}.${pid}.1`, `${prefix}.${pid}.2`, ...args]);
    // runProgram's working folder is /, where the substitution would have touched its file.
    expect(existsSync('/pwned')).toBe(false);
  });

  it('with a FIFO log, still says to install the client programs when pgbench is missing', async () => {
    const prefix = path.join(mkdtempSync(path.join(dir, 'fifo-')), 'pgbench_log');
    await expect(invoke(path.join(dir, 'no-such-pgbench'), { fifoLog: { prefix, threads: 1 } })).rejects.toThrow(
      /^cannot run .*no-such-pgbench \(.*not found\): install the PostgreSQL client programs/,
    );
  });

  it('fails with pgbench\'s own message, the exit status and never the password', async () => {
    const failing = fake(
      'failing',
      `echo 'starting vacuum...end.' >&2
echo 'pgbench: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication failed (tried ${PASSWORD})' >&2
exit 1`,
    );
    const err: unknown = await invoke(failing).catch((e: unknown) => e);
    if (!(err instanceof FailedPreconditionError)) throw new Error(`expected a FailedPreconditionError, got ${String(err)}`);
    expect(err.message).toBe(
      'pgbench test run failed (exit status 1): pgbench: error: connection to server at "127.0.0.1", port 5432 failed: ' +
        'FATAL:  password authentication failed (tried [redacted])',
    );
    expect(err.stack ?? '').not.toContain(PASSWORD);
  });

  it('falls back to the last stderr lines, or says there was none', async () => {
    await expect(invoke(fake('odd', 'echo "Segmentation fault" >&2; exit 3'))).rejects.toThrow(
      'pgbench test run failed (exit status 3): Segmentation fault',
    );
    await expect(invoke(fake('silent', 'kill -9 $$'))).rejects.toThrow('pgbench test run failed (killed by SIGKILL): no error message');
  });

  it('kills a run that outlives its timeout', async () => {
    const started = Date.now();
    const run = invoke(fake('sleeper', 'exec sleep 30'), { timeoutMs: 300 });
    await expect(run).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(invoke(fake('sleeper2', 'exec sleep 30'), { timeoutMs: 300 })).rejects.toThrow(
      'pgbench test run did not finish within 0.3 s and was killed',
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('kills the run when the signal aborts, rejecting with its reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = invoke(fake('sleeper3', 'exec sleep 30'), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('session cancelled')), 200);
    await expect(run).rejects.toThrow('session cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does not start when the signal is already aborted', async () => {
    const marker = path.join(dir, 'started');
    const run = invoke(fake('marker', `touch ${marker}`), { signal: AbortSignal.abort(new Error('too late')) });
    await expect(run).rejects.toThrow('too late');
    expect(existsSync(marker)).toBe(false);
  });

  it('says to install the client programs when pgbench cannot start', async () => {
    await expect(invoke(path.join(dir, 'no-such-pgbench'))).rejects.toThrow(
      /^cannot run .*no-such-pgbench \(ENOENT\): install the PostgreSQL client programs/,
    );
  });
});
