// @ts-check
import base from './stryker.config.mjs';

/**
 * `npm run test:mutation:session`: the session runner's decision-critical lines only (the
 * hand-off of the chosen candidate, the restore of the original, the restore after a failure),
 * against its store- and Redis-backed tests; about 10 s a mutant, so not the whole file.
 * The ranges follow the functions named; re-check them when session-environment.ts or finish-round.ts changes.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  vitest: { configFile: 'vitest.mutation-session.config.mts' },
  mutate: [
    // finishRound(): candidate selection -> verifyCandidates -> ablation -> apply best or restore -> recommendation.
    'services/trainer/finish-round.ts:41-104',
    // originalToRestore() and restore() (the restore after a failure).
    'services/trainer/session-environment.ts:60-62',
    'services/trainer/session-environment.ts:70-75',
  ],
  concurrency: 1,
  jsonReporter: { fileName: 'reports/mutation/session-runner.json' },
  // Its own sandbox folder, so it can run beside `npm run test:mutation`.
  tempDirName: '.stryker-tmp-session',
};
