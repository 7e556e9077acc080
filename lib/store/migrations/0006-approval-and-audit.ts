import type { Migration } from './migration';

/**
 * Recommendations that wait for a person, and the audit of every configuration change the API
 * makes to an instance. A recommendation's approval state is `none` (nothing to decide: not
 * significant, or kept unattended by apply-best), `pending`, `approved` or `rejected`; rows
 * written before this migration are `none`. An audit row keeps what was applied and the values
 * it replaced, so a rollback can put those back; a rollback row names the change it reverts.
 * Audit rows outlive neither their instance nor (when they name one) their session.
 */
export const approvalAndAudit: Migration = {
  version: 6,
  name: 'approval-and-audit',
  sql: (t) => `
ALTER TABLE ${t.recommendations}
  ADD COLUMN approval_state text NOT NULL DEFAULT 'none'
    CHECK (approval_state IN ('none', 'pending', 'approved', 'rejected')),
  ADD COLUMN decided_by text,
  ADD COLUMN decided_at timestamptz;

CREATE TABLE ${t.audit} (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instance_id    uuid NOT NULL REFERENCES ${t.instances} (id) ON DELETE CASCADE,
  session_id     uuid REFERENCES ${t.sessions} (id) ON DELETE CASCADE,
  action         text NOT NULL CHECK (action IN ('approve', 'apply-best', 'rollback')),
  actor          text NOT NULL,
  applied_knobs  jsonb NOT NULL DEFAULT '[]',
  replaced_knobs jsonb NOT NULL DEFAULT '[]',
  reverts        bigint REFERENCES ${t.audit} (id) ON DELETE CASCADE,
  outcome        text NOT NULL,
  at             timestamptz NOT NULL DEFAULT now()
);
-- what a rollback looks up: the instance's changes, newest first
CREATE INDEX ON ${t.audit} (instance_id, id DESC);
`,
};
