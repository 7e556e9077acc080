import { existsSync, readFileSync } from 'node:fs';
import { PgCtl } from '../../lib/postgres/pg-ctl';
import { SandboxPaths } from '../../lib/postgres/sandbox-paths';
import type { SandboxFixture } from './sandbox-fixture';

/** One `ALTER SYSTEM SET name = 'value'` the server ran. */
export interface LoggedSetting {
  name: string;
  value: string;
}

// How PostgreSQL logs the collector's statement (alterSystemStatement: quoted name, literal value).
const STATEMENT = /LOG: {2}statement: ALTER SYSTEM SET "([a-z_]+)" = '([^']*)'/g;

/**
 * Every ALTER SYSTEM SET the sandbox's server logged: what was applied on this very server,
 * whoever asked for it. Needs `log_statement = 'ddl'` (setOriginalConfig). Reads the sandbox's
 * log and the one a collector's pg_ctl restart writes to (PgCtl's default), in that order.
 */
export function alterSystemLog(sandbox: SandboxFixture): LoggedSetting[] {
  const files = [new SandboxPaths(sandbox.baseDir).logFile, new PgCtl({ dataDir: sandbox.dataDir }).logFile];
  return files
    .filter((file) => existsSync(file))
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(STATEMENT)].map((m) => ({ name: m[1]!, value: m[2]! })));
}
