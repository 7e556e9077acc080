import type { PoolClient } from 'pg';
import { FailedPreconditionError } from '../core/errors';
import { activeSessionOn } from './active-session-on';
import { ChangeInProgressError } from './change-in-progress-error';
import type { LockedInstance } from './instance-lock';
import type { StoreTables } from './store-tables';

/**
 * Refuses to take the instance's collector away while something uses it: deregistering it,
 * or registering it with another target (or by a collector of its own instead) stops the
 * collector `serve all` runs for it (cli/stack/target-collectors.ts), and a collector stopped
 * mid-change or mid-session leaves the server on a configuration nobody chose. Call it with
 * the instance locked (lockInstance, same transaction): a session or a change starting at
 * once waits for the lock, then sees the instance gone or moved.
 * @param doing what is refused, for the message: "deregister it", "change its target"
 * @throws FailedPreconditionError naming the active session, or the change in progress
 */
export async function refuseWhileBusy(client: PoolClient, tables: StoreTables, instance: LockedInstance, doing: string): Promise<void> {
  // A watching session too: its watches need the collector this would stop.
  const active = await activeSessionOn(client, tables, instance.id);
  if (active) {
    throw new FailedPreconditionError(`instance "${instance.name}" has an active session ${active.id} (${active.status}); stop it before you ${doing}`);
  }
  if (instance.change) throw new ChangeInProgressError(instance.name, instance.change);
}
