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
  mutate: [
    'knobs/action-mapping.ts',
    'services/collector/knobs/knob-validation.ts',
    'services/environment/reward.ts',
    'services/trainer/verification-stats.ts',
    'services/trainer/verify-candidates.ts',
    'services/trainer/candidate-selection.ts',
    'services/trainer/session-runner.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['dist', 'reports', '.stryker-tmp'],
};
