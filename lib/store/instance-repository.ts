import { InvalidArgumentError, NotFoundError } from '../core/errors';
import { PgTarget } from '../postgres/pg-target';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';
import { NO_INSTANCE_LIMITS, type InstanceSettings } from '../session/instance-settings';

export interface InstanceInput {
  /** Unique, [a-z0-9][a-z0-9_-]*. */
  name: string;
  /** host:port of the collector serving the instance. */
  collectorAddress: string;
  /** The target server; only its password-free description is stored. */
  target?: PgTarget | string;
  serverVersion?: string;
  hostMemoryBytes?: number;
  hostCpus?: number;
  /** Replaces the stored settings when given; absent keeps them (a collector registering itself again). */
  settings?: InstanceSettings;
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
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Target instances and the collector serving each; looked up by id or by name. */
export class InstanceRepository {
  constructor(private readonly db: StoreClient) {}

  /** Registers an instance, or updates the one with this name; registering counts as a heartbeat. */
  async upsert(input: InstanceInput): Promise<InstanceRecord> {
    if (!NAME.test(input.name)) {
      throw new InvalidArgumentError('name', `"${input.name}" must match [a-z0-9][a-z0-9_-]* (lower-case letters, digits, _ and -)`);
    }
    if (!input.collectorAddress.trim()) throw new InvalidArgumentError('collectorAddress', 'must be host:port');
    const [row] = await this.db.query<InstanceRow>(
      `INSERT INTO ${this.db.tables.instances} AS i
         (name, collector_address, target, server_version, host_memory_bytes, host_cpus, last_heartbeat_at,
          workload, knobs, limits, labels)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $8::jsonb, COALESCE($9::jsonb, '[]'), COALESCE($10::jsonb, '{}'), COALESCE($11::jsonb, '{}'))
       ON CONFLICT (name) DO UPDATE SET
         collector_address = EXCLUDED.collector_address,
         target            = COALESCE(EXCLUDED.target, i.target),
         server_version    = COALESCE(EXCLUDED.server_version, i.server_version),
         host_memory_bytes = COALESCE(EXCLUDED.host_memory_bytes, i.host_memory_bytes),
         host_cpus         = COALESCE(EXCLUDED.host_cpus, i.host_cpus),
         last_heartbeat_at = now(),
         workload          = CASE WHEN $7 THEN EXCLUDED.workload ELSE i.workload END,
         knobs             = CASE WHEN $7 THEN EXCLUDED.knobs ELSE i.knobs END,
         limits            = CASE WHEN $7 THEN EXCLUDED.limits ELSE i.limits END,
         labels            = CASE WHEN $7 THEN EXCLUDED.labels ELSE i.labels END
       RETURNING *`,
      [
        input.name,
        input.collectorAddress.trim(),
        input.target === undefined ? null : describeTarget(input.target),
        input.serverVersion ?? null,
        input.hostMemoryBytes ?? null,
        input.hostCpus ?? null,
        input.settings !== undefined,
        json(input.settings?.workload ?? null),
        json(input.settings?.knobs),
        json(input.settings?.limits),
        json(input.settings?.labels),
      ],
    );
    return toRecord(row!);
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

  /** Records that the instance is alive; returns when. @throws NotFoundError */
  async heartbeat(idOrName: string): Promise<Date> {
    const [row] = await this.db.query<{ last_heartbeat_at: Date }>(
      `UPDATE ${this.db.tables.instances} SET last_heartbeat_at = now()
       WHERE id = $1 OR name = $2 RETURNING last_heartbeat_at`,
      [uuidOrNull(idOrName), idOrName],
    );
    if (!row) throw notFound(idOrName);
    return row.last_heartbeat_at;
  }

  /** Deregisters the instance, and with it its sessions and their history. @throws NotFoundError */
  async remove(idOrName: string): Promise<void> {
    const rows = await this.db.query(`DELETE FROM ${this.db.tables.instances} WHERE id = $1 OR name = $2 RETURNING id`, [
      uuidOrNull(idOrName),
      idOrName,
    ]);
    if (rows.length === 0) throw notFound(idOrName);
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
  };
}
