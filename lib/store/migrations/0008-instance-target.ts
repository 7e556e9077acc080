import type { Migration } from './migration';

/**
 * Instances registered by target (`target:` in an instance file): the DSN, without password,
 * for which `serve all` runs the collector, and the data directory it may restart the server
 * with. Both null for an instance that brings its own collector, as every row written before
 * this migration does. Apart from `target`, which is what the serving collector reports.
 */
export const instanceTarget: Migration = {
  version: 8,
  name: 'instance-target',
  sql: (t) => `
ALTER TABLE ${t.instances}
  ADD COLUMN registered_target   text,
  ADD COLUMN registered_data_dir text;
`,
};
