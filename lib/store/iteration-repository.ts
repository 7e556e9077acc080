import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../core/errors';
import { redactSecrets, toStoredJson } from '../core/redact-secrets';
import { SQLSTATE, sqlState } from './sql-state';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';

/**
 * baseline: the configuration found, measured at the start; step: one tuning step;
 * verify: a Finish re-run (baseline or candidate, told apart in `metrics`); drift: a
 * periodic re-measurement of the baseline configuration; ablation: a run of the per-knob
 * ablation (the recommendation, or it with one knob reverted, told apart in `metrics`);
 * watch: a continuous session's re-measurement of the configuration in force between rounds.
 */
export const ITERATION_KINDS = ['baseline', 'step', 'verify', 'drift', 'ablation', 'watch'] as const;
export type IterationKind = (typeof ITERATION_KINDS)[number];

export interface IterationInput {
  sessionId: string;
  kind: IterationKind;
  /** Number within the kind: unique per (session, kind), counted across rounds. */
  n: number;
  /** The tuning round the run belongs to (a watch: the round it watches). @defaultValue 1 */
  round?: number;
  /** The knob values in effect for the run. */
  knobs: KnobSetting[];
  /** Anything else worth keeping: metric rates, the benchmark's details, reward terms. */
  metrics?: Record<string, unknown>;
  tps?: number | null;
  latencyAvgMs?: number | null;
  latencyP95Ms?: number | null;
  latencyP99Ms?: number | null;
  reward?: number | null;
  /** The state vector observed after the run (the next state of the transition). */
  state?: ArrayLike<number> | null;
  /** The action that produced `knobs`. */
  action?: ArrayLike<number> | null;
  error?: string | null;
  restarted?: boolean;
  rolledBack?: boolean;
}

export interface IterationRecord {
  id: number;
  sessionId: string;
  kind: IterationKind;
  n: number;
  round: number;
  knobs: KnobSetting[];
  metrics: Record<string, unknown>;
  tps: number | null;
  latencyAvgMs: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  reward: number | null;
  state: number[] | null;
  action: number[] | null;
  error: string | null;
  restarted: boolean;
  rolledBack: boolean;
  createdAt: Date;
}

interface IterationRow {
  id: string;
  session_id: string;
  kind: IterationKind;
  n: number;
  round: number;
  knobs: KnobSetting[];
  metrics: Record<string, unknown>;
  tps: number | null;
  latency_avg_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  reward: number | null;
  state: number[] | null;
  action: number[] | null;
  error: string | null;
  restarted: boolean;
  rolled_back: boolean;
  created_at: Date;
}

/** Every run of a session, in the order it happened: the report's data and the replay buffer's backup. */
export class IterationRepository {
  constructor(private readonly db: StoreClient) {}

  /**
   * @throws FailedPreconditionError when this (session, kind, n) is already stored.
   * @throws NotFoundError when the session does not exist.
   */
  async insert(input: IterationInput): Promise<IterationRecord> {
    if (!ITERATION_KINDS.includes(input.kind)) {
      throw new InvalidArgumentError('kind', `"${input.kind}" is not one of ${ITERATION_KINDS.join(', ')}`);
    }
    if (!Number.isInteger(input.n) || input.n < 0) throw new InvalidArgumentError('n', `must be an integer >= 0, got ${input.n}`);
    const round = input.round ?? 1;
    if (!Number.isInteger(round) || round < 1) throw new InvalidArgumentError('round', `must be an integer >= 1, got ${round}`);
    const sessionId = uuidOrNull(input.sessionId);
    if (sessionId === null) throw new InvalidArgumentError('sessionId', `"${input.sessionId}" is not a session id`);
    try {
      const [row] = await this.db.query<IterationRow>(
        `INSERT INTO ${this.db.tables.iterations}
           (session_id, kind, n, knobs, metrics, tps, latency_avg_ms, latency_p95_ms, latency_p99_ms,
            reward, state, action, error, restarted, rolled_back, round)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         RETURNING *`,
        [
          sessionId,
          input.kind,
          input.n,
          toStoredJson(input.knobs),
          toStoredJson(input.metrics ?? {}),
          input.tps ?? null,
          input.latencyAvgMs ?? null,
          input.latencyP95Ms ?? null,
          input.latencyP99Ms ?? null,
          input.reward ?? null,
          input.state ? Array.from(input.state) : null,
          input.action ? Array.from(input.action) : null,
          input.error ? redactSecrets(input.error) : null,
          input.restarted ?? false,
          input.rolledBack ?? false,
          round,
        ],
      );
      return toRecord(row!);
    } catch (err) {
      if (sqlState(err) === SQLSTATE.uniqueViolation) {
        throw new FailedPreconditionError(`iteration ${input.kind} ${input.n} of session ${input.sessionId} is already stored`, {
          cause: err,
        });
      }
      if (sqlState(err) === SQLSTATE.foreignKeyViolation) throw new NotFoundError(`no session with id "${input.sessionId}"`, { cause: err });
      throw err;
    }
  }

  /** The session's iterations in the order they were written; only one kind, or one round, when given. */
  async list(sessionId: string, kind?: IterationKind, round?: number): Promise<IterationRecord[]> {
    const rows = await this.db.query<IterationRow>(
      `SELECT * FROM ${this.db.tables.iterations}
       WHERE session_id = $1 AND ($2::text IS NULL OR kind = $2::text) AND ($3::int IS NULL OR round = $3::int)
       ORDER BY id`,
      [uuidOrNull(sessionId), kind ?? null, round ?? null],
    );
    return rows.map(toRecord);
  }

  /**
   * The session's latest iteration of the kind whose metrics hold `key` (e.g. a watch's last
   * run, the one that carries its decision), or undefined. Read backwards along the (session,
   * kind, n) index, so a session watched for months costs a few rows, not all of them.
   */
  async latestWithMetric(sessionId: string, kind: IterationKind, key: string): Promise<IterationRecord | undefined> {
    const rows = await this.db.query<IterationRow>(
      `SELECT * FROM ${this.db.tables.iterations}
       WHERE session_id = $1 AND kind = $2 AND metrics ? $3
       ORDER BY n DESC LIMIT 1`,
      [uuidOrNull(sessionId), kind, key],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }
}

function toRecord(row: IterationRow): IterationRecord {
  return {
    // identity bigint arrives as text; a store will not hold 2^53 rows
    id: Number(row.id),
    sessionId: row.session_id,
    kind: row.kind,
    n: row.n,
    round: row.round,
    knobs: row.knobs,
    metrics: row.metrics,
    tps: row.tps,
    latencyAvgMs: row.latency_avg_ms,
    latencyP95Ms: row.latency_p95_ms,
    latencyP99Ms: row.latency_p99_ms,
    reward: row.reward,
    state: row.state,
    action: row.action,
    error: row.error,
    restarted: row.restarted,
    rolledBack: row.rolled_back,
    createdAt: row.created_at,
  };
}
