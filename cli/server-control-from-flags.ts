import { RELOAD_ONLY, pgCtlControl, restartCommandControl, type ServerControl } from '../lib/postgres/server-control';
import { InvalidArgumentError } from '../lib/core/errors';
import { PgCtl } from '../lib/postgres/pg-ctl';
import type { PgTarget } from '../lib/postgres/pg-target';

/** The flags `tune --target` and `serve collector` share to say how the server may be restarted. */
export interface ServerControlFlags {
  dataDir?: string;
  restartCommand?: string;
}

/** @throws InvalidArgumentError for --restart-command without --data-dir. */
export function checkServerControlFlags(flags: ServerControlFlags): void {
  if (flags.restartCommand && !flags.dataDir) {
    throw new InvalidArgumentError('--restart-command', 'needs --data-dir too: rolling back a config that stops the server means rewriting postgresql.auto.conf there');
  }
}

/**
 * How the collector may restart `target`: not at all without --data-dir (reload-only knobs),
 * with pg_ctl on the data directory, or with --restart-command (the data directory still
 * serves the rollback).
 * @throws InvalidArgumentError for --restart-command without --data-dir.
 */
export function serverControlFromFlags(flags: ServerControlFlags, target: PgTarget): ServerControl {
  checkServerControlFlags(flags);
  if (!flags.dataDir) return RELOAD_ONLY;
  const pgCtl = new PgCtl({ dataDir: flags.dataDir });
  return flags.restartCommand ? restartCommandControl(flags.restartCommand, target, pgCtl) : pgCtlControl(pgCtl);
}
