import type { Migration } from './migration';

/**
 * At most one active (pending, running or verifying) session per instance, enforced by the
 * store itself: two sessions tuning the same server would apply each other's knobs and
 * measure each other's load. A partial unique index makes the rule hold under any race
 * between processes; a session that ends (finished, failed, cancelled) leaves the index and
 * frees its instance.
 *
 * A store written before this rule may hold several active sessions on one instance. The
 * one to keep is the session a trainer works on (running or verifying, most recent
 * heartbeat), else the oldest pending one; the others are cancelled with a note, which a
 * trainer holding one of them sees at its next heartbeat and stops, restoring the server.
 */
export const oneActiveSessionPerInstance: Migration = {
  version: 2,
  name: 'one-active-session-per-instance',
  sql: (t) => `
UPDATE ${t.sessions} SET
  status      = 'cancelled',
  finished_at = now(),
  error       = 'cancelled by store migration 2: another session on the same instance was kept active'
WHERE id IN (
  SELECT id FROM (
    SELECT id, row_number() OVER (
      PARTITION BY instance_id
      ORDER BY status = 'pending', heartbeat_at DESC NULLS LAST, created_at, id) AS rank
    FROM ${t.sessions}
    WHERE status IN ('pending', 'running', 'verifying')) ranked
  WHERE rank > 1);

CREATE UNIQUE INDEX sessions_one_active_per_instance ON ${t.sessions} (instance_id)
  WHERE status IN ('pending', 'running', 'verifying');
`,
};
