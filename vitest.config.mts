import { defineConfig } from 'vitest/config';

// Integration tests start PostgreSQL clusters, pgbench and tfjs training: on a 2-core
// machine running files in parallel only adds noise and timeouts, so files run one by one.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault suite has its own config (vitest.faults.config.mts, npm run test:faults).
    exclude: ['test/faults/**', '**/node_modules/**'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-line-reporter.ts'],
  },
});
