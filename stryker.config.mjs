// @ts-check
/**
 * `npm run test:mutation`: StrykerJS mutates the modules whose mistakes would tune a server
 * wrongly or call noise a gain, and reruns their tests for each mutant. A surviving mutant
 * is a change no test notices. Runs outside `npm test` (minutes per module on 2 cores);
 * its score per module is recorded in README.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts' },
  // session-runner.ts is left to an explicit `-- --mutate services/trainer/session-runner.ts`:
  // its tests need the store and Redis (3 s a run), hours for its few hundred mutants here.
  mutate: [
    'knobs/action-mapping.ts',
    'knobs/memory-budget.ts',
    'services/collector/knobs/knob-validation.ts',
    'services/environment/reward.ts',
    'lib/stats/student-t.ts',
    'lib/stats/paired-design-effect.ts',
    'services/trainer/verification-stats.ts',
    'services/trainer/verification-plan.ts',
    'services/trainer/verify-candidates.ts',
    'services/trainer/candidate-selection.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Every run's sandbox folder (.stryker-tmp, .stryker-tmp-session, .stryker-tmp-applier).
  ignorePatterns: ['dist', 'reports', '.stryker-tmp*'],
};
