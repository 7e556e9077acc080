import type { PoolClient } from 'pg';
import { NotFoundError } from '../core/errors';
import { CONFIGURATION_CHANGE_HOLD } from '../grpc/service-defaults';
import type { StoreTables } from './store-tables';
import { uuidOrNull } from './uuid-or-null';

/** A configuration change the API is making to an instance (instance-change-repository.ts). */
export interface ChangeInProgress {
  /** What and who: "approval of session ...'s recommendation by alice". */
  holder: string;
  since: Date;
}

export interface LockedInstance {
  id: string;
  name: string;
  /** The change in progress on it; null when none is, or its hold is stale (CONFIGURATION_CHANGE_HOLD). */
  change: ChangeInProgress | null;
}

/**
 * Takes the instance's row lock (SELECT ... FOR UPDATE, held until the caller's transaction
 * ends), then reads the change in progress on it. Creating a session and beginning a
 * configuration change both start here, so on one instance they run one after the other and
 * each sees what the other committed: of a session and a change started at once, exactly one
 * starts. The hold is read by a statement of its own, after the lock: in READ COMMITTED that
 * statement's snapshot includes the commit the lock waited for, which a join in the locking
 * statement would not re-read.
 * @throws NotFoundError for an unknown instance
 */
export async function lockInstance(client: PoolClient, tables: StoreTables, instanceIdOrName: string): Promise<LockedInstance> {
  const { rows: [instance] } = await client.query<{ id: string; name: string }>(
    `SELECT id, name FROM ${tables.instances} WHERE id = $1 OR name = $2 FOR UPDATE`,
    [uuidOrNull(instanceIdOrName), instanceIdOrName],
  );
  if (!instance) throw new NotFoundError(`no instance with id or name "${instanceIdOrName}"`);
  const { rows: [change] } = await client.query<ChangeInProgress>(
    `SELECT holder, since FROM ${tables.changeHolds} WHERE instance_id = $1 AND since > now() - make_interval(secs => $2)`,
    [instance.id, CONFIGURATION_CHANGE_HOLD.staleAfterMs / 1000],
  );
  return { ...instance, change: change ?? null };
}
