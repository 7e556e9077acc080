import { defineConfig } from 'vitest/config';

// The tests that judge the decision-critical modules, for `npm run test:mutation`: fast,
// pure-logic ones, so Stryker can rerun them for every mutant in minutes.
export default defineConfig({
  test: {
    include: [
      'test/unit/action-mapping.test.ts',
      'test/unit/knob-validation.test.ts',
      'test/unit/knob-memory-budget.test.ts',
      'test/unit/reward.test.ts',
      'test/unit/environment-reward-tracker.test.ts',
      'test/unit/verification-stats.test.ts',
      'test/unit/verification-plan.test.ts',
      'test/unit/verify-candidates.test.ts',
      'test/unit/verify-candidates-edges.test.ts',
      'test/unit/candidate-selection.test.ts',
      'test/unit/student-t.test.ts',
      'test/unit/paired-design-effect.test.ts',
    ],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
