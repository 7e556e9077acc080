import { defineConfig } from 'vitest/config';
import base from './vitest.mutation.config.mts';

// The apply/rollback path's tests, for stryker.knob-applier.config.mjs: each file starts a
// throwaway PostgreSQL cluster of its own (sandbox-fixture.ts) and restarts it.
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/integration/knob-applier-apply-rollback.test.ts', 'test/integration/collector-rollback.test.ts'],
  },
});
