import { describe, expect, it } from 'vitest';
import { sessionOptionsPhrases, startConfigurationText } from '../../lib/report/session-options-text';

describe('the report on a session with a start configuration', () => {
  it('names the start knobs in setting units and says the baseline is that configuration', () => {
    const options = { startKnobs: [{ name: 'work_mem', value: '64' }, { name: 'checkpoint_timeout', value: '30' }, { name: 'max_parallel_workers_per_gather', value: '0' }] };
    const text = startConfigurationText(options);
    expect(text).toBe(
      'started from a given configuration (work_mem=64kB, checkpoint_timeout=30s, max_parallel_workers_per_gather=0), ' +
        'the baseline the recommendation is measured against',
    );
    expect(sessionOptionsPhrases({ agent: 'ddpg', ...options })).toEqual(['agent ddpg', text]);
  });

  it('says nothing of a start for a session that started from the server as found', () => {
    expect(startConfigurationText({})).toBeNull();
    expect(sessionOptionsPhrases({ agent: 'ddpg', startKnobs: [] })).toEqual(['agent ddpg']);
  });
});
