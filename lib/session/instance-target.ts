import path from 'node:path';
import { InvalidArgumentError } from '../core/errors';
import { redactSecrets } from '../core/redact-secrets';
import { PgTarget } from '../postgres/pg-target';

/** An instance registered by target: the server `serve all` starts a collector for. */
export interface InstanceTarget {
  /** The DSN as PgTarget.describe() writes it: no password, every part explicit. */
  target: string;
  /** The server's data directory on the `serve all` host (restarts, exact rollback); null: reload-only. */
  dataDir: string | null;
}

/**
 * The rules of RegisterInstanceRequest's target and data_dir, in one place: the instance file
 * (`register --config`) checks them before sending, Discovery again before storing.
 *
 * The DSN may not carry a password: it is stored, listed by `instances` and passed to the
 * collector's command line. The collector `serve all` starts reads the password the way libpq
 * does, from PGPASSWORD or a passfile (PGPASSFILE, the DSN's passfile=, ~/.pgpass) of the
 * `serve all` process. The data directory must be absolute: it names a folder on that host,
 * whatever the working directory of whoever registered it.
 * @param fields the names errors use for the two (the file's keys and lines, or the proto's fields)
 * @throws InvalidArgumentError naming the field
 */
export function checkInstanceTarget(request: { target: string; dataDir?: string | null }, fields = { target: 'target', dataDir: 'data_dir' }): InstanceTarget {
  if (redactSecrets(request.target) !== request.target) {
    throw new InvalidArgumentError(
      fields.target,
      "holds a password: remove it from the DSN and give it to the `serve all` process that runs the collector (PGPASSWORD, or a passfile: PGPASSFILE, the DSN's passfile=, ~/.pgpass)",
    );
  }
  // No environment: the registry stores what was registered, not what the PG* variables of Discovery's host would add.
  const target = PgTarget.fromDsn(request.target, {}, fields.target).describe();
  const dataDir = request.dataDir ? request.dataDir : null;
  if (dataDir !== null && !path.isAbsolute(dataDir)) {
    throw new InvalidArgumentError(fields.dataDir, `must be an absolute path on the host of \`serve all\`, e.g. /var/lib/postgresql/15/main; got "${dataDir}"`);
  }
  if (dataDir !== null && /[\u0000-\u001f\u007f]/.test(dataDir)) throw new InvalidArgumentError(fields.dataDir, 'must not contain control characters');
  return { target, dataDir };
}
