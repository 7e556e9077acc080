import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, FailedPreconditionError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';
import { findFreePort } from '../../lib/postgres/free-port';
import { runRestartCommand } from '../../lib/postgres/restart-command';
import { waitForConnection } from '../../lib/postgres/wait-for-connection';

// Nothing listens here: no server is started by these tests.
const nowhere = async () => new PgTarget({ host: '127.0.0.1', port: await findFreePort(), user: 'postgres', database: 'postgres' });

describe('runRestartCommand', () => {
  it('reports a failing command with its exit code and last output', async () => {
    const attempt = runRestartCommand({ command: 'echo "unit postgresql.service not found" >&2; exit 5', target: await nowhere(), timeoutS: 5 });
    await expect(attempt).rejects.toThrow(FailedPreconditionError);
    await expect(attempt).rejects.toThrow(/exit 5.*unit postgresql.service not found/);
  });

  it('never quotes the command line, and redacts passwords in its output', async () => {
    const command = 'echo "connect postgres://app:hunter2@db/x failed; PGPASSWORD=hunter2" >&2; exit 1 # token-in-command';
    const error = await runRestartCommand({ command, target: await nowhere(), timeoutS: 5 }).catch((err: Error) => err);
    expect(error).toBeInstanceOf(FailedPreconditionError);
    expect((error as Error).message).toContain('postgres://app@db/x failed; PGPASSWORD=[redacted]');
    expect((error as Error).message).not.toMatch(/hunter2|token-in-command/);
  });

  it('kills a command that outlasts the timeout', async () => {
    const started = Date.now();
    await expect(runRestartCommand({ command: 'sleep 30', target: await nowhere(), timeoutS: 0.5 })).rejects.toThrow(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects an empty command', async () => {
    await expect(runRestartCommand({ command: '  ', target: await nowhere() })).rejects.toThrow(/restartCommand/);
  });
});

describe('waitForConnection', () => {
  it('gives up after the timeout with the last connection error', async () => {
    await expect(waitForConnection(await nowhere(), 0.5)).rejects.toThrow(/did not accept connections within 0.5 s: .*ECONNREFUSED/);
  });

  it('keeps waiting while something that is not PostgreSQL answers', async () => {
    const silent = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const target = new PgTarget({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await expect(waitForConnection(target, 0.5)).rejects.toThrow(DeadlineExceededError);
    } finally {
      silent.close();
    }
  });
});
