import { defineConfig } from 'vitest/config';
import base from './vitest.mutation.config.mts';

// The session runner's tests, for stryker.session-runner.config.mjs: they need the shared
// PostgreSQL (a store schema of their own) and Redis (a key prefix of their own).
export default defineConfig({
  test: {
    ...base.test,
    include: [
      'test/unit/session-runner.test.ts',
      'test/unit/session-runner-rules.test.ts',
      'test/unit/session-runner-restore.test.ts',
      // finish() runs the ablation after a significant recommendation.
      'test/unit/session-runner-ablation.test.ts',
      // ... and leaves a recommendation pending when the session requires approval.
      'test/unit/session-runner-approval.test.ts',
    ],
  },
});
