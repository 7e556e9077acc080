import type { Migration } from './migration';

/**
 * The configuration change the API is making to an instance (an approval, a rollback), one at
 * a time per instance: taken and checked under the instance's row lock, as creating a session
 * is, so a session and a change never start on one instance at once
 * (instance-change-repository.ts). `token` tells the taker's row from a later one that
 * replaced it once it was stale.
 */
export const instanceChangeHolds: Migration = {
  version: 7,
  name: 'instance-change-holds',
  sql: (t) => `
CREATE TABLE ${t.changeHolds} (
  instance_id uuid PRIMARY KEY REFERENCES ${t.instances} (id) ON DELETE CASCADE,
  token       uuid NOT NULL DEFAULT gen_random_uuid(),
  holder      text NOT NULL,
  since       timestamptz NOT NULL DEFAULT now()
);
`,
};
