import type { ServerInfo__Output } from '../../proto/generated/autotune/v1/ServerInfo';
import { UnavailableError } from '../core/errors';
import { targetIdentity } from '../postgres/pg-target';
import { CollectorClient } from './clients/collector-client';
import { TARGET_COLLECTORS } from './service-defaults';

/** The collector a registered instance names, as Discovery stores or lists it. */
export interface AnnouncedCollector {
  collectorAddress: string;
  /** Its last heartbeat is within Discovery's unavailable-after (INSTANCE_HEARTBEAT): it reads alive. */
  heartbeatFresh: boolean;
  /** The registered target, as PgTarget.describe() writes it (a collector reports its own so, with its environment's connection options). */
  target: string;
}

/** Asks the collector at an address what it serves, within `timeoutMs`. */
export type AskServerInfo = (collectorAddress: string, timeoutMs: number) => Promise<ServerInfo__Output>;

/**
 * Whether the collector announced for a registered target still holds it, so no second one is
 * announced or started: two collectors on one server would each put back what the other
 * changed. The one rule of Discovery (it refuses the announcement) and `serve all` (it starts
 * none). Held while its heartbeat is fresh, unless the address refuses the connection (nothing
 * listens there) or the collector there reports another target (it crashed and its port went
 * to another). A slow or failed answer with a fresh heartbeat is a busy or briefly cut-off
 * collector, still there: displacing it would stop it mid-session. A stale heartbeat is a
 * collector whose `serve all` no longer beats for it.
 *
 * Addresses are as announced: `serve all` announces loopback ones, which only its own host
 * can reach, so the rule holds between `serve all` processes of one host (README, ARCHITECTURE).
 */
export async function collectorHoldsTarget(announced: AnnouncedCollector, ask: AskServerInfo = askServerInfo): Promise<boolean> {
  if (!announced.collectorAddress || !announced.heartbeatFresh) return false;
  try {
    const info = await ask(announced.collectorAddress, TARGET_COLLECTORS.elsewhereCheckMs);
    // By server and database, not as strings: the collector describes its target with the
    // connection options of its own environment (PGSSLMODE, ...), which serve all passes on.
    const identity = targetIdentity(info.target);
    return identity !== undefined && identity === targetIdentity(announced.target);
  } catch (err) {
    return !connectionRefused(err);
  }
}

function connectionRefused(err: unknown): boolean {
  return err instanceof UnavailableError && err.message.includes('ECONNREFUSED');
}

async function askServerInfo(address: string, timeoutMs: number): Promise<ServerInfo__Output> {
  const client = new CollectorClient(address);
  try {
    return await client.getServerInfo(timeoutMs);
  } finally {
    client.close();
  }
}
