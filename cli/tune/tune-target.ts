import type { ServerControl } from '../../lib/postgres/server-control';
import { pgCtlControl } from '../../lib/postgres/server-control';
import { InvalidArgumentError } from '../../lib/core/errors';
import { PgTarget } from '../../lib/postgres/pg-target';
import { Sandbox } from '../../lib/postgres/sandbox';
import { checkServerControlFlags, serverControlFromFlags } from '../server-control-from-flags';

export interface TargetFlags {
  target?: string;
  sandbox?: boolean;
  scale?: number;
  dataDir?: string;
  restartCommand?: string;
}

export interface TuneTarget {
  target: PgTarget;
  control: ServerControl;
  dataDir?: string;
  /** Instance name for the registry: "sandbox", or host-port-database. */
  name: string;
}

/**
 * The server to tune: the given DSN (restarts only with --data-dir), or the local sandbox,
 * created and loaded with pgbench data when missing. The collector may restart the sandbox.
 */
export async function resolveTuneTarget(flags: TargetFlags, say: (m: string) => void): Promise<TuneTarget> {
  if (flags.target && flags.sandbox) throw new InvalidArgumentError('--target', 'give either --target or --sandbox, not both');
  checkServerControlFlags(flags);
  if (flags.target) {
    const target = PgTarget.fromDsn(flags.target, process.env, '--target');
    const control = serverControlFromFlags(flags, target);
    const name = `${target.host}-${target.port}-${target.database}`.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '');
    return { target, control, dataDir: flags.dataDir, name: name.slice(0, 63) || 'target' };
  }
  const sandbox = new Sandbox({ onProgress: say });
  const info = await sandbox.up({ scale: flags.scale });
  say(`sandbox ${info.outcome}: ${info.dsn} (pgbench scale ${info.scale})`);
  return { target: PgTarget.fromDsn(info.dsn), control: pgCtlControl(sandbox.pgCtl()), dataDir: info.dataDir, name: 'sandbox' };
}
