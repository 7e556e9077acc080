import type { PoolClient } from 'pg';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../core/errors';
import { PgTarget } from '../postgres/pg-target';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';
import { NO_INSTANCE_LIMITS, type InstanceSettings } from '../session/instance-settings';
import type { InstanceTarget } from '../session/instance-target';
import { refuseWhileBusy } from './instance-busy';
import { lockInstance, type LockedInstance } from './instance-lock';

export interface InstanceInput {
  /** Unique, [a-z0-9][a-z0-9_-]*. */
  name: string;
  /**
   * host:port of the collector serving the instance; '' with `registered` when none serves it
   * yet (a stored address is kept, unless the registered target changed).
   */
  collectorAddress: string;
  /**
   * Registered by target: `serve all` runs its collector (checked: lib/session/instance-target.ts).
   * Absent with a collector address: the instance brings its own collector, a stored one is dropped.
   */
  registered?: InstanceTarget;
  /** The target server as its collector reports it; only its password-free description is stored. */
  target?: PgTarget | string;
  serverVersion?: string;
  hostMemoryBytes?: number;
  hostCpus?: number;
  /** Replaces the stored settings when given; absent keeps them (a collector registering itself again). */
  settings?: InstanceSettings;
  /**
   * With `registered` and no collector address: why `serve all`'s collector for it does not
   * serve. Only for an instance registered with that very target (else NotFoundError or
   * FailedPreconditionError): a report must not register again what was deregistered or moved.
   */
  collectorProblem?: string;
  /**
   * With `registered` and a collector address (`serve all` announcing the collector it
   * started): the stored collector address the announcer found not answering ('' for none).
   * Refused when another has been stored meanwhile: a second `serve all` announced first.
   */
  announcedOver?: string;
}

export interface InstanceRecord {
  id: string;
  name: string;
  collectorAddress: string;
  /** The target's DSN without password. */
  target: string | null;
  serverVersion: string | null;
  hostMemoryBytes: number | null;
  hostCpus: number | null;
  registeredAt: Date;
  lastHeartbeatAt: Date | null;
  settings: InstanceSettings;
  /** Registered by target (`serve all` runs its collector); null: it brings its own collector. */
  registered: InstanceTarget | null;
  /** Why no collector of `serve all` serves it (its last start failed); null when none is known. */
  collectorProblem: string | null;
}

interface InstanceRow {
  id: string;
  name: string;
  collector_address: string;
  target: string | null;
  server_version: string | null;
  host_memory_bytes: string | null;
  host_cpus: number | null;
  registered_at: Date;
  last_heartbeat_at: Date | null;
  workload: InstanceSettings['workload'];
  knobs: string[];
  limits: Partial<InstanceSettings['limits']>;
  labels: Record<string, string>;
  registered_target: string | null;
  registered_data_dir: string | null;
  collector_problem: string | null;
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** An update registering the target (and data directory) already stored: its collector stays. */
const SAME_TARGET = `(EXCLUDED.registered_target IS NOT DISTINCT FROM i.registered_target
                   AND EXCLUDED.registered_data_dir IS NOT DISTINCT FROM i.registered_data_dir)`;

/** Target instances and the collector serving each; looked up by id or by name. */
export class InstanceRepository {
  constructor(private readonly db: StoreClient) {}

  /**
   * Registers an instance, or updates the one with this name. Registering with a collector
   * address counts as a heartbeat; registering a target alone does not (nothing serves it yet),
   * and a target that differs from the stored one forgets the old collector and its beats.
   * Changing the registered target or data directory (dropping it included: a collector of its
   * own) stops the collector `serve all` runs for it, so it is refused while a session or a
   * change holds the instance, decided under its row lock (instance-busy.ts); so is an
   * announcement whose `announcedOver` is no longer the stored collector.
   * @throws FailedPreconditionError naming that session, change or collector
   */
  async upsert(input: InstanceInput): Promise<InstanceRecord> {
    if (!NAME.test(input.name)) {
      throw new InvalidArgumentError('name', `"${input.name}" must match [a-z0-9][a-z0-9_-]* (lower-case letters, digits, _ and -)`);
    }
    const collectorAddress = input.collectorAddress.trim();
    if (!collectorAddress && !input.registered) throw new InvalidArgumentError('collectorAddress', 'must be host:port (or register a target)');
    return this.db.transaction(async (client) => {
      await this.checkAgainstStored(client, input);
      const { rows: [row] } = await client.query<InstanceRow>(
        `INSERT INTO ${this.db.tables.instances} AS i
           (name, collector_address, target, server_version, host_memory_bytes, host_cpus, last_heartbeat_at,
            workload, knobs, limits, labels, registered_target, registered_data_dir, collector_problem)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $2 = '' THEN NULL ELSE now() END,
                 $8::jsonb, COALESCE($9::jsonb, '[]'), COALESCE($10::jsonb, '{}'), COALESCE($11::jsonb, '{}'), $12, $13, $14)
         ON CONFLICT (name) DO UPDATE SET
           collector_address = CASE WHEN EXCLUDED.collector_address <> '' THEN EXCLUDED.collector_address
                                    WHEN ${SAME_TARGET} THEN i.collector_address ELSE '' END,
           target            = COALESCE(EXCLUDED.target, i.target),
           server_version    = COALESCE(EXCLUDED.server_version, i.server_version),
           host_memory_bytes = COALESCE(EXCLUDED.host_memory_bytes, i.host_memory_bytes),
           host_cpus         = COALESCE(EXCLUDED.host_cpus, i.host_cpus),
           last_heartbeat_at = CASE WHEN EXCLUDED.collector_address <> '' THEN now()
                                    WHEN ${SAME_TARGET} THEN i.last_heartbeat_at ELSE NULL END,
           -- A collector announced, or another target: the old problem is no longer the news.
           collector_problem = CASE WHEN EXCLUDED.collector_address <> '' THEN NULL
                                    WHEN ${SAME_TARGET} THEN COALESCE(EXCLUDED.collector_problem, i.collector_problem)
                                    ELSE EXCLUDED.collector_problem END,
           registered_target   = EXCLUDED.registered_target,
           registered_data_dir = EXCLUDED.registered_data_dir,
           workload          = CASE WHEN $7 THEN EXCLUDED.workload ELSE i.workload END,
           knobs             = CASE WHEN $7 THEN EXCLUDED.knobs ELSE i.knobs END,
           limits            = CASE WHEN $7 THEN EXCLUDED.limits ELSE i.limits END,
           labels            = CASE WHEN $7 THEN EXCLUDED.labels ELSE i.labels END
         RETURNING *`,
        [
          input.name,
          collectorAddress,
          input.target === undefined ? null : describeTarget(input.target),
          input.serverVersion ?? null,
          input.hostMemoryBytes ?? null,
          input.hostCpus ?? null,
          input.settings !== undefined,
          json(input.settings?.workload ?? null),
          json(input.settings?.knobs),
          json(input.settings?.limits),
          json(input.settings?.labels),
          input.registered?.target ?? null,
          input.registered?.dataDir ?? null,
          input.collectorProblem ?? null,
        ],
      );
      return toRecord(row!);
    });
  }

  /**
   * Under the instance's row lock, what the stored row forbids: a problem report for a target
   * since moved, an announcement over a collector announced meanwhile (announcedOver), a
   * target change while busy.
   */
  private async checkAgainstStored(client: PoolClient, input: InstanceInput): Promise<void> {
    const t = this.db.tables;
    let locked: LockedInstance;
    try {
      locked = await lockInstance(client, t, input.name);
    } catch (err) {
      // A new instance: nothing runs on it yet. A problem is about a registered one only.
      if (err instanceof NotFoundError && input.collectorProblem === undefined) return;
      throw err;
    }
    // Read after the lock: this statement sees what the transaction the lock waited for committed.
    const { rows: [stored] } = await client.query<{ collector_address: string; registered_target: string | null; registered_data_dir: string | null }>(
      `SELECT collector_address, registered_target, registered_data_dir FROM ${t.instances} WHERE id = $1`,
      [locked.id],
    );
    const sameTarget = stored?.registered_target === (input.registered?.target ?? null) && stored?.registered_data_dir === (input.registered?.dataDir ?? null);
    const announcedMeanwhile = stored && input.announcedOver !== undefined && ![input.announcedOver, input.collectorAddress.trim()].includes(stored.collector_address);
    if (sameTarget && announcedMeanwhile) {
      throw new FailedPreconditionError(`instance "${locked.name}" was announced with the collector at ${stored.collector_address} meanwhile; a second collector for its target is not announced`);
    }
    // `serve all` telling of a start that failed for a target since moved: the news is stale, and must not register the old one back.
    if (input.collectorProblem !== undefined && !sameTarget) {
      throw new FailedPreconditionError(`instance "${locked.name}" is no longer registered with that target; the problem is not kept`);
    }
    // No target stored: `serve all` runs no collector for it, nothing would be stopped.
    if (!stored || stored.registered_target === null || sameTarget) return;
    await refuseWhileBusy(client, t, locked, 'register it with another target or collector');
  }

  /** @throws NotFoundError when no instance has this id or name. */
  async get(idOrName: string): Promise<InstanceRecord> {
    const [row] = await this.db.query<InstanceRow>(
      `SELECT * FROM ${this.db.tables.instances} WHERE id = $1 OR name = $2`,
      [uuidOrNull(idOrName), idOrName],
    );
    if (!row) throw notFound(idOrName);
    return toRecord(row);
  }

  async list(): Promise<InstanceRecord[]> {
    const rows = await this.db.query<InstanceRow>(`SELECT * FROM ${this.db.tables.instances} ORDER BY name`);
    return rows.map(toRecord);
  }

  /**
   * Records that the instance is alive; returns when. A collector beats for it, so a problem
   * `serve all` reported (its own start refused while another collector held the target) is no
   * longer the news. @throws NotFoundError
   */
  async heartbeat(idOrName: string): Promise<Date> {
    const [row] = await this.db.query<{ last_heartbeat_at: Date }>(
      `UPDATE ${this.db.tables.instances} SET last_heartbeat_at = now(), collector_problem = NULL
       WHERE id = $1 OR name = $2 RETURNING last_heartbeat_at`,
      [uuidOrNull(idOrName), idOrName],
    );
    if (!row) throw notFound(idOrName);
    return row.last_heartbeat_at;
  }

  /**
   * Deregisters the instance, and with it its finished sessions and their history; refused
   * while a session is active on it or a change holds it (instance-busy.ts, under its row lock).
   * @throws NotFoundError, FailedPreconditionError naming the session or the change
   */
  async remove(idOrName: string): Promise<void> {
    const t = this.db.tables;
    await this.db.transaction(async (client) => {
      const locked = await lockInstance(client, t, idOrName);
      await refuseWhileBusy(client, t, locked, 'deregister it');
      await client.query(`DELETE FROM ${t.instances} WHERE id = $1`, [locked.id]);
    });
  }
}

// A string is parsed and described again, so that even a DSN carrying a password is stored without it.
function describeTarget(target: PgTarget | string): string {
  return typeof target === 'string' ? PgTarget.fromDsn(target, {}, 'target').describe() : target.describe();
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function notFound(idOrName: string): NotFoundError {
  return new NotFoundError(`no instance with id or name "${idOrName}"`);
}

function toRecord(row: InstanceRow): InstanceRecord {
  return {
    id: row.id,
    name: row.name,
    collectorAddress: row.collector_address,
    target: row.target,
    serverVersion: row.server_version,
    // bigint arrives as text; host memory stays far below 2^53
    hostMemoryBytes: row.host_memory_bytes === null ? null : Number(row.host_memory_bytes),
    hostCpus: row.host_cpus,
    registeredAt: row.registered_at,
    lastHeartbeatAt: row.last_heartbeat_at,
    settings: { workload: row.workload, knobs: row.knobs, limits: { ...NO_INSTANCE_LIMITS, ...row.limits }, labels: row.labels },
    registered: row.registered_target === null ? null : { target: row.registered_target, dataDir: row.registered_data_dir },
    collectorProblem: row.collector_problem,
  };
}
