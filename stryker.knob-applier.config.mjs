// @ts-check
import base from './stryker.config.mjs';

/**
 * `npm run test:mutation:applier`: the apply/rollback path (services/collector/knob-applier.ts)
 * against its tests on throwaway clusters, which restart a real server: 15-20 s a mutant, so
 * apart from `npm run test:mutation`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  vitest: { configFile: 'vitest.mutation-applier.config.mts' },
  mutate: ['services/collector/knob-applier.ts'],
  concurrency: 1,
  jsonReporter: { fileName: 'reports/mutation/knob-applier.json' },
  // Its own sandbox folder, so it can run beside the other mutation runs.
  tempDirName: '.stryker-tmp-applier',
};
