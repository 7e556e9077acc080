import { FailedPreconditionError } from '../core/errors';
import { activeSessionOn } from './active-session-on';
import { ChangeInProgressError } from './change-in-progress-error';
import { lockInstance } from './instance-lock';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';

/**
 * The configuration change in progress on an instance: an approval or a rollback the API is
 * making, or a watch of a continuous session measuring what is in force (whose measurement a
 * change would spoil, and whose close would keep whatever it found). At most one per instance,
 * and never while a session is active on it (but for a watching one: the watch's own session),
 * both decided under the instance's row lock (instance-lock.ts) that creating a session takes
 * too. A change holds the instance from begin() to end(); a hold its process never ended (nor
 * renewed) lapses after CONFIGURATION_CHANGE_HOLD.staleAfterMs.
 */
export class InstanceChangeRepository {
  constructor(private readonly db: StoreClient) {}

  /**
   * Begins a change on the instance, atomically: no session is active on it but a watching one,
   * no other change is in progress, and `holder` is recorded as the change in progress.
   * With `reclaim`, a hold recorded under this very holder is replaced rather than refused: a
   * watch's, whose session a trainer took over from one that died in the watch (only the
   * session's claimer begins its watches, so the old hold's process is gone or has lost the session).
   * @returns the token for end()
   * @throws NotFoundError for an unknown instance, FailedPreconditionError naming the active
   *   session, ChangeInProgressError (a FailedPreconditionError) naming the change in progress
   */
  begin(instanceIdOrName: string, holder: string, options: { reclaim?: boolean } = {}): Promise<string> {
    const t = this.db.tables;
    return this.db.transaction(async (client) => {
      const instance = await lockInstance(client, t, instanceIdOrName);
      // A watching session (continuous, between rounds) changes nothing between its watches,
      // and each watch holds the instance with a change of its own (services/trainer/watch-hold.ts),
      // so a change may go ahead beside it, between watches; every other active one would fight it.
      const active = await activeSessionOn(client, t, instance.id, { exceptWatching: true });
      if (active) {
        throw new FailedPreconditionError(
          `instance ${instance.name} has an active session ${active.id} (${active.status}); wait for it to end or stop it first`,
        );
      }
      const reclaimed = options.reclaim === true && instance.change?.holder === holder;
      if (instance.change && !reclaimed) throw new ChangeInProgressError(instance.name, instance.change);
      // A stale hold (its process died in the change) is replaced, with a new token.
      const { rows: [row] } = await client.query<{ token: string }>(
        `INSERT INTO ${t.changeHolds} (instance_id, holder) VALUES ($1, $2)
         ON CONFLICT (instance_id) DO UPDATE SET token = gen_random_uuid(), holder = EXCLUDED.holder, since = now()
         RETURNING token`,
        [instance.id, holder],
      );
      return row!.token;
    });
  }

  /**
   * Keeps a long change's hold from lapsing (a watch lasts its runs, which may be longer than
   * CONFIGURATION_CHANGE_HOLD.staleAfterMs). False when the hold is no longer this token's: it
   * lapsed and another change replaced it.
   */
  async renew(instanceId: string, token: string): Promise<boolean> {
    const rows = await this.db.query<{ token: string }>(
      `UPDATE ${this.db.tables.changeHolds} SET since = now() WHERE instance_id = $1 AND token = $2 RETURNING token`,
      [uuidOrNull(instanceId), uuidOrNull(token)],
    );
    return rows.length > 0;
  }

  /** Ends the change begun with this token; a hold that replaced it once it was stale is left alone. */
  async end(instanceId: string, token: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.db.tables.changeHolds} WHERE instance_id = $1 AND token = $2`, [uuidOrNull(instanceId), uuidOrNull(token)]);
  }
}
