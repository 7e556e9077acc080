import { describe, expect, it } from 'vitest';
import { rulesPhrase, sessionOptionsPhrases } from '../../lib/report/session-options-text';

describe('session options in words: the PGTune rules', () => {
  it('names the rules agent\'s one step and a warm start, with the PGTune inputs', () => {
    expect(sessionOptionsPhrases({ agent: 'rules', rulesWorkload: 'oltp', rulesStorage: 'ssd' })).toEqual([
      "agent rules: one step, PGTune's configuration for oltp on ssd, then verification",
    ]);
    expect(sessionOptionsPhrases({ agent: 'ddpg', warmStart: 'rules', rulesWorkload: 'dw', rulesStorage: 'hdd' })).toEqual([
      'agent ddpg',
      "first step PGTune's configuration for dw on hdd (warm start)",
    ]);
  });

  it('says nothing of the rules where they take no part', () => {
    expect(rulesPhrase({ agent: 'random', warmStart: 'none', rulesWorkload: 'oltp' })).toBeUndefined();
    expect(sessionOptionsPhrases({ agent: 'random' })).toEqual(['agent random']);
  });
});

describe('session options in words: re-measurement', () => {
  it('says when promising steps are measured again, and nothing when off', () => {
    expect(sessionOptionsPhrases({ agent: 'ddpg', remeasureTop: 2 })).toEqual(['agent ddpg', 'a step among the 2 best so far measured again, as the next step']);
    expect(sessionOptionsPhrases({ agent: 'ddpg', remeasureTop: 0 })).toEqual(['agent ddpg']);
  });
});

describe('session options in words: continuous tuning', () => {
  it('names the query-mix threshold, and leaves it out when it never triggers (1)', () => {
    expect(sessionOptionsPhrases({ continuous: true, watchIntervalS: 60, driftThreshold: 0.05, mixThreshold: 0.3 })).toEqual([
      'continuous: watched every 60 s, a new round on a significant drop of more than 5% or a query-mix change above 0.3',
    ]);
    expect(sessionOptionsPhrases({ continuous: true, watchIntervalS: 60, driftThreshold: 0.05, mixThreshold: 1 })).toEqual([
      'continuous: watched every 60 s, a new round on a significant drop of more than 5%',
    ]);
  });
});
