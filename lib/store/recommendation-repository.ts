import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { InvalidArgumentError, NotFoundError } from '../core/errors';
import { toStoredJson } from '../core/redact-secrets';
import { SQLSTATE, sqlState } from './sql-state';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';

export interface RecommendationInput {
  sessionId: string;
  /** The recommended knob values. */
  knobs: KnobSetting[];
  /** The full report document (verification, baseline vs recommended, ...). */
  report: Record<string, unknown>;
}

export interface RecommendationRecord {
  sessionId: string;
  knobs: KnobSetting[];
  report: Record<string, unknown>;
  createdAt: Date;
}

interface RecommendationRow {
  session_id: string;
  knobs: KnobSetting[];
  report: Record<string, unknown>;
  created_at: Date;
}

/** The verified recommendation of a session: one per session, replaced if Finish runs again. */
export class RecommendationRepository {
  constructor(private readonly db: StoreClient) {}

  /** @throws NotFoundError when the session does not exist. */
  async save(input: RecommendationInput): Promise<void> {
    const sessionId = uuidOrNull(input.sessionId);
    if (sessionId === null) throw new InvalidArgumentError('sessionId', `"${input.sessionId}" is not a session id`);
    await this.db
      .query(
        `INSERT INTO ${this.db.tables.recommendations} (session_id, knobs, report)
         VALUES ($1, $2::jsonb, $3::jsonb)
         ON CONFLICT (session_id) DO UPDATE SET knobs = EXCLUDED.knobs, report = EXCLUDED.report, created_at = now()`,
        [sessionId, toStoredJson(input.knobs), toStoredJson(input.report)],
      )
      .catch((err: unknown) => {
        throw sqlState(err) === SQLSTATE.foreignKeyViolation ? new NotFoundError(`no session with id "${input.sessionId}"`, { cause: err }) : err;
      });
  }

  /** @throws NotFoundError when the session has no recommendation (yet). */
  async get(sessionId: string): Promise<RecommendationRecord> {
    const [row] = await this.db.query<RecommendationRow>(
      `SELECT * FROM ${this.db.tables.recommendations} WHERE session_id = $1`,
      [uuidOrNull(sessionId)],
    );
    if (!row) throw new NotFoundError(`session "${sessionId}" has no recommendation`);
    return { sessionId: row.session_id, knobs: row.knobs, report: row.report, createdAt: row.created_at };
  }
}
