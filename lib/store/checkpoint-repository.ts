import { InvalidArgumentError, NotFoundError } from '../core/errors';
import { toStoredJson } from '../core/redact-secrets';
import { SQLSTATE, sqlState } from './sql-state';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';

export interface CheckpointInput {
  sessionId: string;
  /** The step the model had trained through. */
  step: number;
  /** The encoded model (model/'s checkpoint codec), stored byte for byte. */
  weights: Uint8Array;
  /**
   * The state normalizer's running mean/std, for inspection: model/'s checkpoint codec
   * already embeds it in `weights`, so the trainer leaves this out.
   */
  normalizer?: unknown;
}

export interface CheckpointRecord {
  sessionId: string;
  step: number;
  weights: Buffer;
  normalizer: unknown;
  createdAt: Date;
}

interface CheckpointRow {
  session_id: string;
  step: number;
  weights: Buffer;
  normalizer: unknown;
  created_at: Date;
}

/** Model checkpoints of a session; a restarted trainer resumes from the latest. */
export class CheckpointRepository {
  constructor(private readonly db: StoreClient) {}

  /**
   * Saves the checkpoint of `step`, replacing one saved for the same step before a crash.
   * @throws NotFoundError when the session does not exist.
   */
  async save(input: CheckpointInput): Promise<void> {
    const sessionId = uuidOrNull(input.sessionId);
    if (sessionId === null) throw new InvalidArgumentError('sessionId', `"${input.sessionId}" is not a session id`);
    if (!Number.isInteger(input.step) || input.step < 0) throw new InvalidArgumentError('step', `must be an integer >= 0, got ${input.step}`);
    const weights = Buffer.from(input.weights.buffer, input.weights.byteOffset, input.weights.byteLength);
    await this.db
      .query(
        `INSERT INTO ${this.db.tables.checkpoints} (session_id, step, weights, normalizer)
         VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (session_id, step) DO UPDATE SET
           weights = EXCLUDED.weights, normalizer = EXCLUDED.normalizer, created_at = now()`,
        [sessionId, input.step, weights, toStoredJson(input.normalizer ?? {})],
      )
      .catch((err: unknown) => {
        throw sqlState(err) === SQLSTATE.foreignKeyViolation ? new NotFoundError(`no session with id "${input.sessionId}"`, { cause: err }) : err;
      });
  }

  /** The checkpoint with the highest step; undefined when the session has none yet. */
  async latest(sessionId: string): Promise<CheckpointRecord | undefined> {
    const [row] = await this.db.query<CheckpointRow>(
      `SELECT * FROM ${this.db.tables.checkpoints} WHERE session_id = $1 ORDER BY step DESC LIMIT 1`,
      [uuidOrNull(sessionId)],
    );
    return row && { sessionId: row.session_id, step: row.step, weights: row.weights, normalizer: row.normalizer, createdAt: row.created_at };
  }
}
