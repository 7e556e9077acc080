import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ClientBase } from 'pg';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import { parsePostmasterPid } from '../../lib/postgres/postmaster-pid';
import { SQLSTATE, sqlState } from '../../lib/store/sql-state';

// The postmaster writes its lock file a moment before it records pg_postmaster_start_time()
// (shared memory is set up in between): the two times differ by that moment, not by restarts.
const START_TIME_TOLERANCE_S = 60;

/**
 * Checks, before anything changes, that `--data-dir` is the data directory of the server the
 * collector is connected to: the collector writes postgresql.auto.conf there to roll back, and
 * a folder of some other cluster would make ALTER SYSTEM on the real server irreversible. Two
 * facts must agree: the server's own `data_directory` names the same folder (after resolving
 * symbolic links), and that folder's postmaster.pid was written by this very postmaster (its
 * start time is the server's `pg_postmaster_start_time()`, its port the server's `port`),
 * which also tells that the folder is on this host, not a copy with the same path.
 *
 * @throws InvalidArgumentError when the folder does not exist.
 * @throws FailedPreconditionError for any mismatch, or when the role may not read data_directory.
 */
export async function checkDataDir(client: ClientBase, dataDir: string): Promise<void> {
  const server = await serverFacts(client);
  const given = await realpath(dataDir).catch(() => {
    throw new InvalidArgumentError('--data-dir', `${dataDir} does not exist on the collector's host`);
  });
  const actual = await realpath(server.dataDirectory).catch(() => undefined);
  if (given !== actual) {
    throw new FailedPreconditionError(
      `--data-dir ${dataDir} is not the data directory of the server at this target (it runs on ${server.dataDirectory}); ` +
        'give that folder, on the server\'s host, or leave --data-dir out (reload-level knobs only)',
    );
  }
  const pidFile = path.join(actual, 'postmaster.pid');
  const pid = parsePostmasterPid(await readFile(pidFile, 'utf8').catch(() => ''));
  const startGapS = pid ? Math.abs(pid.startedAt.getTime() / 1000 - server.startedAtS) : Infinity;
  if (!pid || pid.port !== server.port || startGapS > START_TIME_TOLERANCE_S) {
    throw new FailedPreconditionError(
      `${pidFile} was not written by the server at this target (port ${server.port}): --data-dir must be its data directory on this host`,
    );
  }
}

async function serverFacts(client: ClientBase): Promise<{ dataDirectory: string; port: number; startedAtS: number }> {
  try {
    const { rows } = await client.query<{ dir: string; port: string; started: string }>(
      `SELECT current_setting('data_directory') AS dir, current_setting('port') AS port,
              extract(epoch FROM pg_postmaster_start_time())::float8::text AS started`,
    );
    return { dataDirectory: rows[0]!.dir, port: Number(rows[0]!.port), startedAtS: Number(rows[0]!.started) };
  } catch (err) {
    if (sqlState(err) === SQLSTATE.insufficientPrivilege) {
      throw new FailedPreconditionError(
        '--data-dir cannot be checked: the role may not read data_directory (it needs superuser or pg_read_all_settings)',
        { cause: err },
      );
    }
    throw err;
  }
}
