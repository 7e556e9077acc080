import path from 'node:path';
import { InvalidArgumentError } from '../core/errors';
import { redactSecrets } from '../core/redact-secrets';
import { dsnKeywordNames, PgTarget } from '../postgres/pg-target';

/** An instance registered by target: the server `serve all` starts a collector for. */
export interface InstanceTarget {
  /** The DSN as PgTarget.describe() writes it: no password, every part explicit. */
  target: string;
  /** The server's data directory on the `serve all` host (restarts, exact rollback); null: reload-only. */
  dataDir: string | null;
}

/**
 * How long a target and a data directory may be: a DSN is a few hundred characters, a path
 * is at most PATH_MAX. A longer value is a mistake or an attack (a 300 kB DSN on every
 * collector's command line fails to spawn, E2BIG, and fills the log on every retry).
 */
export const INSTANCE_TARGET_LIMITS = Object.freeze({
  targetMaxLength: 1_024,
  dataDirMaxLength: 4_096,
  /** RegisterInstanceRequest.collector_problem: one line for `instances`, the rest is in `serve all`'s log. */
  problemMaxLength: 300,
});

/**
 * The keywords a registered target may carry. Whoever may register chooses them for a
 * collector that logs in as the superuser from the `serve all` host, so the rest are refused
 * by name: `options` (any server setting on that connection), `passfile` (a file of that host
 * the registrant picks; the passfile is `serve all`'s, PGPASSFILE or ~/.pgpass), `password`,
 * and those PgTarget does not honour (connect_timeout, target_session_attrs, hostaddr, ...),
 * which would otherwise be dropped without a word.
 */
const TARGET_KEYWORDS = ['host', 'port', 'user', 'dbname', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name'];

const PASSWORD_REFUSAL =
  "holds a password: remove it from the DSN and give it to the `serve all` process that runs the collector in a passfile (PGPASSFILE or ~/.pgpass, a line host:port:db:user:password)";

/**
 * The rules of RegisterInstanceRequest's target and data_dir, in one place: the instance file
 * (`register --config`) checks them before sending, Discovery again before storing.
 *
 * The DSN may not carry a password: it is stored, listed by `instances` and passed to the
 * collector's command line. The collector `serve all` starts reads the password from a passfile
 * of the `serve all` process (PGPASSFILE, ~/.pgpass), never from PGPASSWORD, which it does not
 * pass on (cli/stack/target-collector-env.ts). Only postgres:// and postgresql:// URLs and
 * key=value strings, at most INSTANCE_TARGET_LIMITS.targetMaxLength characters, with the
 * keywords of TARGET_KEYWORDS (URL names percent-decoded first, as libpq does). The data
 * directory must be absolute: it names a folder on that host, whatever the working directory
 * of whoever registered it.
 * @param fields the names errors use for the two (the file's keys and lines, or the proto's fields)
 * @throws InvalidArgumentError naming the field
 */
export function checkInstanceTarget(request: { target: string; dataDir?: string | null }, fields = { target: 'target', dataDir: 'data_dir' }): InstanceTarget {
  const { targetMaxLength, dataDirMaxLength } = INSTANCE_TARGET_LIMITS;
  if (request.target.length > targetMaxLength) {
    throw new InvalidArgumentError(fields.target, `must be at most ${targetMaxLength} characters, got ${request.target.length}`);
  }
  if (redactSecrets(request.target) !== request.target) throw new InvalidArgumentError(fields.target, PASSWORD_REFUSAL);
  for (const name of dsnKeywordNames(request.target, fields.target)) {
    if (name === 'password') throw new InvalidArgumentError(fields.target, PASSWORD_REFUSAL);
    if (!TARGET_KEYWORDS.includes(name)) {
      throw new InvalidArgumentError(fields.target, `connection option "${name.slice(0, 64)}" is not allowed in a registered target; allowed: ${TARGET_KEYWORDS.join(', ')}`);
    }
  }
  // No environment: the registry stores what was registered, not what the PG* variables of Discovery's host would add.
  const target = PgTarget.fromDsn(request.target, {}, fields.target).describe();
  const dataDir = request.dataDir ? request.dataDir : null;
  if (dataDir !== null && dataDir.length > dataDirMaxLength) throw new InvalidArgumentError(fields.dataDir, `must be at most ${dataDirMaxLength} characters, got ${dataDir.length}`);
  if (dataDir !== null && !path.isAbsolute(dataDir)) {
    throw new InvalidArgumentError(fields.dataDir, `must be an absolute path on the host of \`serve all\`, e.g. /var/lib/postgresql/15/main; got "${dataDir}"`);
  }
  if (dataDir !== null && /[\u0000-\u001f\u007f]/.test(dataDir)) throw new InvalidArgumentError(fields.dataDir, 'must not contain control characters');
  return { target, dataDir };
}
