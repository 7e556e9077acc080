import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { NotFoundError } from '../core/errors';
import { toStoredJson } from '../core/redact-secrets';
import { SQLSTATE, sqlState } from './sql-state';
import type { StoreClient } from './store-client';
import { uuidOrNull } from './uuid-or-null';

export const AUDIT_ACTIONS = ['approve', 'apply-best', 'rollback'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
/** The outcome of a change that took; anything else says why it did not ("rolled back: ...", "failed: ..."). */
export const AUDIT_APPLIED = 'applied';

export interface AuditInput {
  instanceId: string;
  /** The session whose recommendation was applied; absent for a rollback. */
  sessionId?: string;
  action: AuditAction;
  /** A user name, or "apply-best" for the trainer's unattended apply. */
  actor: string;
  appliedKnobs: KnobSetting[];
  /** The values in effect before the change: what a rollback puts back. */
  replacedKnobs: KnobSetting[];
  /** The change a rollback reverts. */
  reverts?: string;
  outcome: string;
}

export interface AuditRecord extends Required<Omit<AuditInput, 'sessionId' | 'reverts'>> {
  id: string;
  sessionId: string | null;
  reverts: string | null;
  at: Date;
}

interface AuditRow {
  id: string;
  instance_id: string;
  session_id: string | null;
  action: AuditAction;
  actor: string;
  applied_knobs: KnobSetting[];
  replaced_knobs: KnobSetting[];
  reverts: string | null;
  outcome: string;
  at: Date;
}

/**
 * Every configuration change the API makes to an instance (an approval, the trainer's
 * apply-best, a rollback): who, what was applied, what it replaced, and whether it took.
 * Rows are only ever added.
 */
export class AuditRepository {
  constructor(private readonly db: StoreClient) {}

  /** @throws NotFoundError when the instance (or the session) does not exist. */
  async record(input: AuditInput): Promise<AuditRecord> {
    const instanceId = uuidOrNull(input.instanceId);
    if (instanceId === null) throw new NotFoundError(`no instance with id "${input.instanceId}"`);
    const [row] = await this.db
      .query<AuditRow>(
        `INSERT INTO ${this.db.tables.audit}
           (instance_id, session_id, action, actor, applied_knobs, replaced_knobs, reverts, outcome)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)
         RETURNING *`,
        [
          instanceId,
          input.sessionId === undefined ? null : uuidOrNull(input.sessionId),
          input.action,
          input.actor,
          toStoredJson(input.appliedKnobs),
          toStoredJson(input.replacedKnobs),
          input.reverts ?? null,
          input.outcome,
        ],
      )
      .catch((err: unknown) => {
        throw sqlState(err) === SQLSTATE.foreignKeyViolation
          ? new NotFoundError(`no instance "${input.instanceId}"${input.sessionId ? ` or session "${input.sessionId}"` : ''} to audit a change of`, { cause: err })
          : err;
      });
    return toRecord(row!);
  }

  /** The instance's changes, newest first. */
  async list(instanceId: string): Promise<AuditRecord[]> {
    const rows = await this.db.query<AuditRow>(`SELECT * FROM ${this.db.tables.audit} WHERE instance_id = $1 ORDER BY id DESC`, [
      uuidOrNull(instanceId),
    ]);
    return rows.map(toRecord);
  }

  /**
   * What a rollback of the instance reverts: its newest applied change that no applied
   * rollback has reverted yet. Rolling back again walks further back through the history;
   * undefined when nothing is left to revert.
   */
  async lastRevertible(instanceId: string): Promise<AuditRecord | undefined> {
    const t = this.db.tables;
    const [row] = await this.db.query<AuditRow>(
      `SELECT * FROM ${t.audit} a
       WHERE a.instance_id = $1 AND a.action <> 'rollback' AND a.outcome = $2
         AND NOT EXISTS (SELECT 1 FROM ${t.audit} r WHERE r.reverts = a.id AND r.outcome = $2)
       ORDER BY a.id DESC LIMIT 1`,
      [uuidOrNull(instanceId), AUDIT_APPLIED],
    );
    return row ? toRecord(row) : undefined;
  }
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: String(row.id),
    instanceId: row.instance_id,
    sessionId: row.session_id,
    action: row.action,
    actor: row.actor,
    appliedKnobs: row.applied_knobs,
    replacedKnobs: row.replaced_knobs,
    reverts: row.reverts === null ? null : String(row.reverts),
    outcome: row.outcome,
    at: row.at,
  };
}
