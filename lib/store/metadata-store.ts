import { Pool } from 'pg';
import { errorMessage } from '../core/errors';
import { logger } from '../core/logger';
import type { PgTarget } from '../postgres/pg-target';
import { AuditRepository } from './audit-repository';
import { CheckpointRepository } from './checkpoint-repository';
import { InstanceChangeRepository } from './instance-change-repository';
import { InstanceRepository } from './instance-repository';
import { IterationRepository } from './iteration-repository';
import { migrate } from './migrate';
import { RecommendationRepository } from './recommendation-repository';
import { SessionRepository } from './session-repository';
import { StoreClient } from './store-client';
import { storeTables } from './store-tables';

export interface StoreOptions {
  /** The server and database holding the store (see ensureDatabase). */
  target: PgTarget;
  /**
   * The schema holding the store's tables, created if missing. Tests use one each.
   * @defaultValue 'autotune'
   */
  schema?: string;
  /** @defaultValue 4 */
  poolSize?: number;
  /** @defaultValue 10_000 */
  connectTimeoutMs?: number;
}

const DEFAULTS = { schema: 'autotune', poolSize: 4, connectTimeoutMs: 10_000 };

/**
 * The PostgreSQL metadata store: instances, sessions, iterations, checkpoints,
 * recommendations, the audit of applied changes and the change in progress, one repository each. Everything needed to resume a session or rebuild
 * its replay buffer is here.
 */
export class MetadataStore {
  readonly instances: InstanceRepository;
  readonly sessions: SessionRepository;
  readonly iterations: IterationRepository;
  readonly checkpoints: CheckpointRepository;
  readonly recommendations: RecommendationRepository;
  readonly audit: AuditRepository;
  /** The configuration change in progress on an instance (approval, rollback), one at a time and never beside a session. */
  readonly changes: InstanceChangeRepository;

  constructor(private readonly db: StoreClient) {
    this.instances = new InstanceRepository(db);
    this.sessions = new SessionRepository(db);
    this.iterations = new IterationRepository(db);
    this.checkpoints = new CheckpointRepository(db);
    this.recommendations = new RecommendationRepository(db);
    this.audit = new AuditRepository(db);
    this.changes = new InstanceChangeRepository(db);
  }

  /** The store's password-free DSN, for messages. */
  get where(): string {
    return this.db.where;
  }

  async close(): Promise<void> {
    await this.db.pool.end();
  }
}

/**
 * Connects to the store and brings its schema up to date (migrations under an advisory lock,
 * so several processes may open it at once).
 * @throws UnavailableError naming the store's password-free DSN when it does not answer.
 */
export async function openStore(options: StoreOptions): Promise<MetadataStore> {
  const { target, schema, poolSize, connectTimeoutMs } = { ...DEFAULTS, ...options };
  const tables = storeTables(schema);
  const pool = new Pool({ ...target.clientConfig({ connectionTimeoutMillis: connectTimeoutMs }), max: poolSize });
  // An idle connection dropped by the server is replaced on next use; unheard, it would crash the process.
  pool.on('error', (err) => logger.warn({ store: target.describe(), error: errorMessage(err) }, 'metadata store connection lost'));
  const db = new StoreClient(pool, tables, target.describe());
  try {
    await pool.query('SELECT 1').catch((err: unknown) => {
      throw db.unavailable(err);
    });
    await migrate(db);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return new MetadataStore(db);
}
