import type { PoolClient } from 'pg';
import { ACTIVE_STATUSES, type SessionStatus } from './session-repository';
import type { StoreTables } from './store-tables';

/** The session that holds an instance: its id and status, for the refusal that names it. */
export interface ActiveSession {
  id: string;
  status: SessionStatus;
}

/**
 * The session active on the instance (ACTIVE_STATUSES, `watching` included: a continuous
 * session between rounds still holds its instance and its collector), undefined when none is.
 * Call it with the instance locked (lockInstance, same transaction), so the answer holds until
 * the transaction ends.
 * @param options.exceptWatching leave a watching session out: for a configuration change,
 *   which may go ahead between a watch's runs (each run holds the instance with a change of
 *   its own, services/trainer/watch-hold.ts)
 */
export async function activeSessionOn(
  client: PoolClient,
  tables: StoreTables,
  instanceId: string,
  options: { exceptWatching?: boolean } = {},
): Promise<ActiveSession | undefined> {
  const statuses = options.exceptWatching === true ? ACTIVE_STATUSES.filter((status) => status !== 'watching') : ACTIVE_STATUSES;
  const { rows: [active] } = await client.query<ActiveSession>(
    `SELECT id, status FROM ${tables.sessions} WHERE instance_id = $1 AND status = ANY($2::text[]) LIMIT 1`,
    [instanceId, statuses],
  );
  return active;
}
