import type { Migration } from './migration';

/**
 * Continuous tuning: the session status `watching` (between rounds, re-measuring the
 * configuration in force), the iteration kind `watch` (those runs), and the tuning round on
 * iterations and recommendations, so every round's recommendation is kept: the recommendations'
 * key becomes (session_id, round). Rows written before are round 1.
 *
 * A watching session still holds its instance (a second session would change the configuration
 * it watches), so the one-active index covers it; and a trainer that dies while watching leaves
 * it to be taken over, so the claim index covers it too. Names as in migration 4; the first
 * schema's primary key is PostgreSQL's recommendations_pkey.
 */
export const continuousSessions: Migration = {
  version: 9,
  name: 'continuous-sessions',
  sql: (t) => `
ALTER TABLE ${t.sessions} DROP CONSTRAINT sessions_status_check;
ALTER TABLE ${t.sessions} ADD CONSTRAINT sessions_status_check
  CHECK (status IN ('pending', 'running', 'verifying', 'paused', 'watching', 'finished', 'failed', 'cancelled'));

DROP INDEX ${t.schema}.sessions_one_active_per_instance;
CREATE UNIQUE INDEX sessions_one_active_per_instance ON ${t.sessions} (instance_id)
  WHERE status IN ('pending', 'running', 'verifying', 'paused', 'watching');

DROP INDEX ${t.schema}.sessions_created_at_idx;
CREATE INDEX sessions_created_at_idx ON ${t.sessions} (created_at)
  WHERE status IN ('pending', 'running', 'verifying', 'paused', 'watching');

ALTER TABLE ${t.iterations} DROP CONSTRAINT iterations_kind_check;
ALTER TABLE ${t.iterations} ADD CONSTRAINT iterations_kind_check
  CHECK (kind IN ('baseline', 'step', 'verify', 'drift', 'ablation', 'watch'));
ALTER TABLE ${t.iterations} ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1);

ALTER TABLE ${t.recommendations} ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE ${t.recommendations} DROP CONSTRAINT recommendations_pkey;
ALTER TABLE ${t.recommendations} ADD PRIMARY KEY (session_id, round);
`,
};
