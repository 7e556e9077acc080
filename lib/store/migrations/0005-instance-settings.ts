import type { Migration } from './migration';

/**
 * What an instance is registered with besides its collector: the workload and knobs its
 * sessions default to, the limits they must keep within, and labels. JSON as
 * lib/session/instance-settings.ts validates it; rows written before this migration have
 * none (no workload, no knobs, no limits, no labels).
 */
export const instanceSettings: Migration = {
  version: 5,
  name: 'instance-settings',
  sql: (t) => `
ALTER TABLE ${t.instances}
  ADD COLUMN workload jsonb,
  ADD COLUMN knobs    jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN limits   jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN labels   jsonb NOT NULL DEFAULT '{}';
`,
};
