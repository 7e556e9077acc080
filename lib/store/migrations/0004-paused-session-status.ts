import type { Migration } from './migration';

/**
 * The session status `paused`: its collector could not be reached, so the session waits, with
 * every stored run, until the collector answers a health check and a trainer resumes it. A
 * paused session still holds its instance (a second session there would fight the resumed one
 * for the server), so the one-active index of migration 2 covers it, and the claim index of
 * migration 1 too, which trainers scan for paused sessions to look at. `paused_reason` says
 * why, in the user's words; a resume clears it.
 *
 * Names of the first schema's unnamed CHECK and index are PostgreSQL's: sessions_status_check,
 * sessions_created_at_idx.
 */
export const pausedSessionStatus: Migration = {
  version: 4,
  name: 'paused-session-status',
  sql: (t) => `
ALTER TABLE ${t.sessions} DROP CONSTRAINT sessions_status_check;
ALTER TABLE ${t.sessions} ADD CONSTRAINT sessions_status_check
  CHECK (status IN ('pending', 'running', 'verifying', 'paused', 'finished', 'failed', 'cancelled'));
ALTER TABLE ${t.sessions} ADD COLUMN paused_reason text;

DROP INDEX ${t.schema}.sessions_one_active_per_instance;
CREATE UNIQUE INDEX sessions_one_active_per_instance ON ${t.sessions} (instance_id)
  WHERE status IN ('pending', 'running', 'verifying', 'paused');

DROP INDEX ${t.schema}.sessions_created_at_idx;
CREATE INDEX sessions_created_at_idx ON ${t.sessions} (created_at)
  WHERE status IN ('pending', 'running', 'verifying', 'paused');
`,
};
