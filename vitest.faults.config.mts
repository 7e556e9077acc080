import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): real collector processes (dist/, so `npm run build`
// first) killed and restarted against real sandbox servers. Files run one by one, as in the
// main suite.
export default defineConfig({
  test: {
    include: ['test/faults/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
