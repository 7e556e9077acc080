import type { Migration } from './migration';

/**
 * Why no collector of `serve all` serves an instance registered by target: the last start's
 * failure, as `serve all` reported it (RegisterInstanceRequest.collector_problem). Null once a
 * collector is announced or the target changes, and for every row written before.
 */
export const collectorProblem: Migration = {
  version: 10,
  name: 'collector-problem',
  sql: (t) => `
ALTER TABLE ${t.instances} ADD COLUMN collector_problem text;
`,
};
