import type { Migration } from './migration';

/**
 * The iteration kind `ablation` (runs of the per-knob ablation of a recommendation). The first
 * schema listed the kinds in an unnamed CHECK, which PostgreSQL named iterations_kind_check; it
 * is replaced by one that also allows the new kind. Existing rows all satisfy it.
 */
export const ablationIterationKind: Migration = {
  version: 3,
  name: 'ablation-iteration-kind',
  sql: (t) => `
ALTER TABLE ${t.iterations} DROP CONSTRAINT IF EXISTS iterations_kind_check;
ALTER TABLE ${t.iterations} ADD CONSTRAINT iterations_kind_check
  CHECK (kind IN ('baseline', 'step', 'verify', 'drift', 'ablation'));
`,
};
