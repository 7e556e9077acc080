import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../core/errors';
import { toStoredJson } from '../core/redact-secrets';
import { SQLSTATE, sqlState } from './sql-state';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';

/**
 * Whether a person decides on a recommendation: `none` when there is nothing to decide (not
 * significant, or applied unattended), `pending` until someone approves or rejects it.
 */
export const APPROVAL_STATES = ['none', 'pending', 'approved', 'rejected'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
/** The decisions a person can take on a pending recommendation. */
export type ApprovalDecision = 'approved' | 'rejected';

export interface RecommendationInput {
  sessionId: string;
  /** The tuning round it concludes (continuous sessions keep one per round). @defaultValue 1 */
  round?: number;
  /** The recommended knob values. */
  knobs: KnobSetting[];
  /** The full report document (verification, baseline vs recommended, ...). */
  report: Record<string, unknown>;
  /** @defaultValue 'none' */
  approvalState?: 'none' | 'pending';
}

export interface RecommendationRecord {
  sessionId: string;
  round: number;
  knobs: KnobSetting[];
  report: Record<string, unknown>;
  createdAt: Date;
  approvalState: ApprovalState;
  /** Who approved or rejected it; null while none or pending. */
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** The parts of a recommendation that say whether an answer built from it is still current. */
export type RecommendationVersion = Pick<RecommendationRecord, 'createdAt' | 'approvalState' | 'decidedBy' | 'decidedAt'>;

interface RecommendationRow {
  session_id: string;
  round: number;
  knobs: KnobSetting[];
  report: Record<string, unknown>;
  created_at: Date;
  approval_state: ApprovalState;
  decided_by: string | null;
  decided_at: Date | null;
}

/**
 * The verified recommendations of a session: one per tuning round (one in all unless the
 * session is continuous), replaced if Finish runs again for its round. Reads, decisions and
 * approvals are of the latest round's: what a session recommends now.
 */
export class RecommendationRepository {
  constructor(private readonly db: StoreClient) {}

  /** A replaced recommendation starts its approval afresh. @throws NotFoundError when the session does not exist. */
  async save(input: RecommendationInput): Promise<void> {
    const sessionId = uuidOrNull(input.sessionId);
    if (sessionId === null) throw new InvalidArgumentError('sessionId', `"${input.sessionId}" is not a session id`);
    const round = input.round ?? 1;
    if (!Number.isInteger(round) || round < 1) throw new InvalidArgumentError('round', `must be an integer >= 1, got ${round}`);
    await this.db
      .query(
        `INSERT INTO ${this.db.tables.recommendations} (session_id, round, knobs, report, approval_state)
         VALUES ($1, $5, $2::jsonb, $3::jsonb, $4)
         ON CONFLICT (session_id, round) DO UPDATE SET knobs = EXCLUDED.knobs, report = EXCLUDED.report, created_at = now(),
           approval_state = EXCLUDED.approval_state, decided_by = NULL, decided_at = NULL`,
        [sessionId, toStoredJson(input.knobs), toStoredJson(input.report), input.approvalState ?? 'none', round],
      )
      .catch((err: unknown) => {
        throw sqlState(err) === SQLSTATE.foreignKeyViolation ? new NotFoundError(`no session with id "${input.sessionId}"`, { cause: err }) : err;
      });
  }

  /** The latest round's. @throws NotFoundError when the session has no recommendation (yet). */
  async get(sessionId: string): Promise<RecommendationRecord> {
    const [row] = await this.db.query<RecommendationRow>(
      `SELECT * FROM ${this.db.tables.recommendations} WHERE session_id = $1 ORDER BY round DESC LIMIT 1`,
      [uuidOrNull(sessionId)],
    );
    if (!row) throw new NotFoundError(`session "${sessionId}" has no recommendation`);
    return toRecord(row);
  }

  /** Every round's, oldest first. */
  async list(sessionId: string): Promise<RecommendationRecord[]> {
    const rows = await this.db.query<RecommendationRow>(
      `SELECT * FROM ${this.db.tables.recommendations} WHERE session_id = $1 ORDER BY round`,
      [uuidOrNull(sessionId)],
    );
    return rows.map(toRecord);
  }

  /**
   * What changes when the latest round's recommendation is replaced or a new round's is
   * stored (created_at) or it is decided on (approval state, by whom, when), by primary key:
   * the cheap check before serving a kept answer. Null when the session has no recommendation.
   */
  async version(sessionId: string): Promise<RecommendationVersion | null> {
    const [row] = await this.db.query<Pick<RecommendationRow, 'created_at' | 'approval_state' | 'decided_by' | 'decided_at'>>(
      `SELECT created_at, approval_state, decided_by, decided_at FROM ${this.db.tables.recommendations}
       WHERE session_id = $1 ORDER BY round DESC LIMIT 1`,
      [uuidOrNull(sessionId)],
    );
    return row ? { createdAt: row.created_at, approvalState: row.approval_state, decidedBy: row.decided_by, decidedAt: row.decided_at } : null;
  }

  /**
   * Takes the decision on the latest round's recommendation, when pending. Atomic: of two people deciding at once
   * exactly one wins, the other gets FailedPreconditionError naming the first's decision.
   * @throws NotFoundError when the session has no recommendation, FailedPreconditionError when
   *   it is not pending (nothing to decide, or already decided).
   */
  async decide(sessionId: string, decision: ApprovalDecision, by: string): Promise<RecommendationRecord> {
    const [row] = await this.db.query<RecommendationRow>(
      `UPDATE ${this.db.tables.recommendations} SET approval_state = $2, decided_by = $3, decided_at = now()
       WHERE session_id = $1 AND approval_state = 'pending'
         AND round = (SELECT max(round) FROM ${this.db.tables.recommendations} WHERE session_id = $1)
       RETURNING *`,
      [uuidOrNull(sessionId), decision, by],
    );
    if (row) return toRecord(row);
    const current = await this.get(sessionId);
    const why =
      current.approvalState === 'none'
        ? 'its session did not ask for approval'
        : `it was already ${current.approvalState} by ${current.decidedBy ?? 'someone'} at ${current.decidedAt?.toISOString() ?? 'an unknown time'}`;
    throw new FailedPreconditionError(`the recommendation of session ${sessionId} is not pending: ${why}`);
  }

  /** An approval whose change did not take (the collector rolled it back, or was unreachable) waits again. */
  async reopen(sessionId: string): Promise<void> {
    await this.db.query(
      `UPDATE ${this.db.tables.recommendations} SET approval_state = 'pending', decided_by = NULL, decided_at = NULL
       WHERE session_id = $1 AND approval_state = 'approved'
         AND round = (SELECT max(round) FROM ${this.db.tables.recommendations} WHERE session_id = $1)`,
      [uuidOrNull(sessionId)],
    );
  }
}

function toRecord(row: RecommendationRow): RecommendationRecord {
  return {
    sessionId: row.session_id,
    round: row.round,
    knobs: row.knobs,
    report: row.report,
    createdAt: row.created_at,
    approvalState: row.approval_state,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  };
}
