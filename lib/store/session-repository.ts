import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../core/errors';
import { redactSecrets, toStoredJson } from '../core/redact-secrets';
import { SESSION_CLAIM } from '../session/session-claim';
import { ChangeInProgressError } from './change-in-progress-error';
import { lockInstance } from './instance-lock';
import { decodeSessionPageToken, encodeSessionPageToken } from './session-page-token';
import { SQLSTATE, sqlState } from './sql-state';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';

/**
 * `paused`: its collector could not be reached; resumed by a trainer once it answers again
 * (migration 4). `watching`: a continuous session between tuning rounds (migration 9).
 */
export const SESSION_STATUSES = ['pending', 'running', 'verifying', 'paused', 'watching', 'finished', 'failed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** Statuses a session never leaves. */
export const FINAL_STATUSES: readonly SessionStatus[] = ['finished', 'failed', 'cancelled'];
/** Statuses that hold the instance: at most one session per instance is in one of them (migrations 2, 4 and 9). */
export const ACTIVE_STATUSES: readonly SessionStatus[] = ['pending', 'running', 'verifying', 'paused', 'watching'];
/** The partial unique index of migrations 2, 4 and 9 that enforces ACTIVE_STATUSES' rule. */
const ONE_ACTIVE_INDEX = 'sessions_one_active_per_instance';

export interface SessionRecord {
  id: string;
  instanceId: string;
  options: SessionOptions;
  status: SessionStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  /** Why the session is paused (its collector unreachable); null when it is not. */
  pausedReason: string | null;
  /** The worker that holds the session, null when none does. */
  claimedBy: string | null;
  heartbeatAt: Date | null;
  /** Derived from the iterations: step rows stored. */
  iterationsDone: number;
  /** TPS of the first baseline run, null before it. */
  baselineTps: number | null;
  /** Highest TPS of a step that applied cleanly (a single run: noisy, for progress only). */
  bestTps: number | null;
  /** Derived from the iterations: the latest tuning round (1 unless continuous), 0 before any run. */
  round: number;
}

export interface ClaimOptions {
  /**
   * A running session whose worker has not sent a heartbeat for this long is taken over
   * (its worker crashed): resumption. Workers heartbeat on a timer, far more often.
   * @defaultValue SESSION_CLAIM.staleAfterMs (120 s)
   */
  staleAfterMs?: number;
  /** Claim only this session (a command resuming a given session; a paused one too). @defaultValue any */
  sessionId?: string;
}

interface SessionRow {
  id: string;
  instance_id: string;
  options: SessionOptions;
  status: SessionStatus;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  paused_reason: string | null;
  claimed_by: string | null;
  heartbeat_at: Date | null;
  iterations_done: number;
  baseline_tps: number | null;
  best_tps: number | null;
  round: number;
}

/** Tuning sessions: creation, claiming by trainers (several may run), status and liveness. */
export class SessionRepository {
  constructor(private readonly db: StoreClient) {}

  /**
   * A pending session on the instance with this id or name. The store lets one session at a
   * time be active on an instance, and none start while a configuration change is in progress
   * on it (an approval, a rollback: instance-change-repository.ts): both are decided under the
   * instance's row lock (instance-lock.ts), so of concurrent calls exactly one wins and the
   * others fail here, naming the winner.
   * @throws NotFoundError for an unknown instance, FailedPreconditionError naming the active
   *   session or the change in progress.
   */
  async create(instanceIdOrName: string, options: SessionOptions): Promise<SessionRecord> {
    let id: string;
    try {
      id = await this.db.transaction(async (client) => {
        const instance = await lockInstance(client, this.db.tables, instanceIdOrName);
        if (instance.change) throw new ChangeInProgressError(instance.name, instance.change);
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO ${this.db.tables.sessions} (instance_id, options) VALUES ($1, $2::jsonb) RETURNING id`,
          [instance.id, toStoredJson(options)],
        );
        return rows[0]!.id;
      });
    } catch (err) {
      if (sqlState(err) === SQLSTATE.uniqueViolation && (err as { constraint?: unknown }).constraint === ONE_ACTIVE_INDEX) {
        throw await this.instanceBusy(instanceIdOrName, err);
      }
      throw err;
    }
    return this.get(id);
  }

  /** The active session of the instance (id or name), undefined when it has none. */
  async active(instanceIdOrName: string): Promise<SessionRecord | undefined> {
    const [row] = await this.db.query<SessionRow>(
      `${this.selectSessions()}
       WHERE s.instance_id IN (SELECT id FROM ${this.db.tables.instances} WHERE id = $1 OR name = $2)
         AND s.status = ANY($3::text[])`,
      [uuidOrNull(instanceIdOrName), instanceIdOrName, ACTIVE_STATUSES],
    );
    return row ? toRecord(row) : undefined;
  }

  /** Just the status, by primary key: the cheap check before serving what a final session left. @throws NotFoundError */
  async status(id: string): Promise<SessionStatus> {
    const [row] = await this.db.query<{ status: SessionStatus }>(`SELECT status FROM ${this.db.tables.sessions} WHERE id = $1`, [
      uuidOrNull(id),
    ]);
    if (!row) throw new NotFoundError(`no session with id "${id}"`);
    return row.status;
  }

  /** @throws NotFoundError */
  async get(id: string): Promise<SessionRecord> {
    const [row] = await this.db.query<SessionRow>(`${this.selectSessions()} WHERE s.id = $1`, [uuidOrNull(id)]);
    if (!row) throw new NotFoundError(`no session with id "${id}"`);
    return toRecord(row);
  }

  /** Newest first; only the instance's sessions when an id or name is given. */
  async list(instanceIdOrName?: string): Promise<SessionRecord[]> {
    const rows =
      instanceIdOrName === undefined
        ? await this.db.query<SessionRow>(`${this.selectSessions()} ORDER BY s.created_at DESC, s.id`)
        : await this.db.query<SessionRow>(
            `${this.selectSessions()}
             WHERE s.instance_id IN (SELECT id FROM ${this.db.tables.instances} WHERE id = $1 OR name = $2)
             ORDER BY s.created_at DESC, s.id`,
            [uuidOrNull(instanceIdOrName), instanceIdOrName],
          );
    return rows.map(toRecord);
  }

  /**
   * One page of list(): at most `size` sessions, newest first (ties by id), after `after` (the
   * previous page's `next`); `next` is absent on the last page.
   * @throws InvalidArgumentError (page_token) for a token no page ended with.
   */
  async listPage(options: { instanceIdOrName?: string; size: number; after?: string }): Promise<{ sessions: SessionRecord[]; next?: string }> {
    const cursor = options.after ? decodeSessionPageToken(options.after) : undefined;
    const instance = options.instanceIdOrName;
    const rows = await this.db.query<SessionRow & { created_at_micros: string }>(
      `SELECT s.*, (extract(epoch FROM s.created_at) * 1000000)::bigint::text AS created_at_micros
       FROM (${this.selectSessions()}) s
       WHERE ($1::boolean OR s.instance_id IN (SELECT id FROM ${this.db.tables.instances} WHERE id = $2 OR name = $3))
         AND ($4::bigint IS NULL OR (s.created_at, s.id) < ('epoch'::timestamptz + $4::bigint * interval '1 microsecond', $5::uuid))
       ORDER BY s.created_at DESC, s.id DESC
       LIMIT $6`,
      [
        instance === undefined,
        instance === undefined ? null : uuidOrNull(instance),
        instance ?? null,
        cursor?.createdAtMicros ?? null,
        cursor?.id ?? null,
        // One more than asked: whether there is a next page, without a count.
        options.size + 1,
      ],
    );
    const page = rows.slice(0, options.size);
    const last = page.at(-1);
    return {
      sessions: page.map(toRecord),
      ...(rows.length > options.size && last ? { next: encodeSessionPageToken({ createdAtMicros: last.created_at_micros, id: last.id }) } : {}),
    };
  }

  /**
   * Claims the oldest session that is pending, or running, verifying or watching with a stale
   * heartbeat (its worker died: this worker resumes it, in the status it was in). A paused session is claimed only by its id (a command
   * resuming it on purpose); the others wait for resumePaused. SKIP LOCKED lets several workers
   * claim at once without waiting on each other or taking the same session. Undefined when
   * there is nothing to do.
   */
  async claimNext(workerId: string, options: ClaimOptions = {}): Promise<SessionRecord | undefined> {
    const { staleAfterMs = SESSION_CLAIM.staleAfterMs, sessionId } = options;
    if (!workerId.trim()) throw new InvalidArgumentError('workerId', 'must not be empty');
    if (!(staleAfterMs >= 0)) throw new InvalidArgumentError('staleAfterMs', `must be >= 0, got ${staleAfterMs}`);
    if (sessionId !== undefined && uuidOrNull(sessionId) === null) return undefined;
    const t = this.db.tables;
    const [row] = await this.db.query<{ id: string }>(
      `UPDATE ${t.sessions} SET
         status        = CASE WHEN status IN ('pending', 'paused') THEN 'running' ELSE status END,
         paused_reason = NULL,
         claimed_by    = $1,
         started_at    = COALESCE(started_at, now()),
         heartbeat_at  = now()
       WHERE id = (
         SELECT id FROM ${t.sessions}
         WHERE (status = 'pending'
                OR (status = 'paused' AND $3::uuid IS NOT NULL)
                OR (status IN ('running', 'verifying', 'watching')
                    AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2))))
           AND ($3::uuid IS NULL OR id = $3::uuid)
         ORDER BY created_at, id
         LIMIT 1
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [workerId, staleAfterMs / 1000, sessionId ?? null],
    );
    return row ? this.get(row.id) : undefined;
  }

  /**
   * The claiming worker's sign of life; returns the session's status, so the worker sees a
   * cancellation. @throws FailedPreconditionError when the worker no longer holds the session
   * (another took it over after a stale heartbeat): it must stop.
   */
  async heartbeat(id: string, workerId: string): Promise<SessionStatus> {
    const [row] = await this.db.query<{ status: SessionStatus }>(
      `UPDATE ${this.db.tables.sessions} SET heartbeat_at = now() WHERE id = $1 AND claimed_by = $2 RETURNING status`,
      [uuidOrNull(id), workerId],
    );
    if (!row) throw new FailedPreconditionError(`session ${id} is not held by worker ${workerId}`);
    return row.status;
  }

  /**
   * The worker's session could not reach its collector: it becomes paused with `reason`
   * (passwords redacted) and no worker holds it, until resumePaused. False when the worker no
   * longer held it or it had ended meanwhile.
   */
  async pause(id: string, workerId: string, reason: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE ${this.db.tables.sessions} SET status = 'paused', paused_reason = $3, claimed_by = NULL, heartbeat_at = NULL
       WHERE id = $1 AND claimed_by = $2 AND status <> ALL($4::text[])
       RETURNING id`,
      [uuidOrNull(id), workerId, redactSecrets(reason), FINAL_STATUSES],
    );
    return rows.length > 0;
  }

  /** The paused sessions, oldest first, with the collector each waits for. */
  async paused(): Promise<Array<{ id: string; collectorAddress: string }>> {
    const t = this.db.tables;
    return this.db.query<{ id: string; collectorAddress: string }>(
      `SELECT s.id, i.collector_address AS "collectorAddress"
       FROM ${t.sessions} s JOIN ${t.instances} i ON i.id = s.instance_id
       WHERE s.status = 'paused'
       ORDER BY s.created_at, s.id`,
    );
  }

  /**
   * Claims a paused session for this worker (its collector answers again): running, its
   * pause reason cleared. Undefined when it is not paused any more (another worker resumed it,
   * or it was cancelled): of several workers exactly one gets it.
   */
  async resumePaused(id: string, workerId: string): Promise<SessionRecord | undefined> {
    if (!workerId.trim()) throw new InvalidArgumentError('workerId', 'must not be empty');
    const [row] = await this.db.query<{ id: string }>(
      `UPDATE ${this.db.tables.sessions} SET status = 'running', paused_reason = NULL, claimed_by = $2, heartbeat_at = now()
       WHERE id = $1 AND status = 'paused'
       RETURNING id`,
      [uuidOrNull(id), workerId],
    );
    return row ? this.get(row.id) : undefined;
  }

  /** Gives the session up (a clean stop): any worker may claim and resume it at once. */
  async release(id: string, workerId: string): Promise<void> {
    await this.db.query(
      `UPDATE ${this.db.tables.sessions} SET claimed_by = NULL, heartbeat_at = NULL WHERE id = $1 AND claimed_by = $2`,
      [uuidOrNull(id), workerId],
    );
  }

  /**
   * Moves the session to `status`; final statuses stamp finished_at. `error` is stored with
   * any password redacted. A pause reason does not outlive the pause (pause() sets it).
   * @throws NotFoundError, or FailedPreconditionError when the session is already final.
   */
  async setStatus(id: string, status: SessionStatus, error?: string): Promise<SessionRecord> {
    if (!SESSION_STATUSES.includes(status)) {
      throw new InvalidArgumentError('status', `"${status}" is not one of ${SESSION_STATUSES.join(', ')}`);
    }
    const [row] = await this.db.query<{ id: string }>(
      `UPDATE ${this.db.tables.sessions} SET
         status        = $2,
         error         = COALESCE($3, error),
         paused_reason = NULL,
         finished_at   = CASE WHEN $2 = ANY($4::text[]) THEN now() ELSE finished_at END
       WHERE id = $1 AND status <> ALL($4::text[])
       RETURNING id`,
      [uuidOrNull(id), status, error === undefined ? null : redactSecrets(error), FINAL_STATUSES],
    );
    if (row) return this.get(row.id);
    const current = await this.get(id);
    throw new FailedPreconditionError(`session ${id} is already ${current.status}`);
  }

  /** The error of a create that lost to the instance's active session, naming that session and what to do. */
  private async instanceBusy(instanceIdOrName: string, cause: unknown): Promise<FailedPreconditionError> {
    const holder = await this.active(instanceIdOrName);
    if (!holder) {
      // It ended between the failed insert and this look: the instance is free again.
      return new FailedPreconditionError(`instance "${instanceIdOrName}" had another active session a moment ago; try again`, { cause });
    }
    const state =
      holder.status === 'running' && holder.claimedBy === null
        ? 'running, stopped with no trainer holding it'
        : holder.status === 'paused'
          ? 'paused until its collector answers again'
          : holder.status;
    return new FailedPreconditionError(
      `instance "${instanceIdOrName}" already has an active session ${holder.id} (${state}); ` +
        'one session at a time tunes an instance: wait for it to end, resume it or cancel it',
      { cause },
    );
  }

  private selectSessions(): string {
    const t = this.db.tables;
    return `
      SELECT s.*,
        (SELECT count(*)::int FROM ${t.iterations} i WHERE i.session_id = s.id AND i.kind = 'step') AS iterations_done,
        (SELECT i.tps FROM ${t.iterations} i WHERE i.session_id = s.id AND i.kind = 'baseline' ORDER BY i.n LIMIT 1) AS baseline_tps,
        (SELECT max(i.tps) FROM ${t.iterations} i
          WHERE i.session_id = s.id AND i.kind = 'step' AND i.error IS NULL AND NOT i.rolled_back) AS best_tps,
        (SELECT COALESCE(max(i.round), 0)::int FROM ${t.iterations} i WHERE i.session_id = s.id) AS round
      FROM ${t.sessions} s`;
  }
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    options: row.options,
    status: row.status,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    pausedReason: row.paused_reason,
    claimedBy: row.claimed_by,
    heartbeatAt: row.heartbeat_at,
    iterationsDone: row.iterations_done,
    baselineTps: row.baseline_tps,
    bestTps: row.best_tps,
    round: row.round,
  };
}
