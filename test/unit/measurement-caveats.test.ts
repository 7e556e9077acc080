import { describe, expect, it } from 'vitest';
import { resolveSessionOptions } from '../../lib/session/session-options';
import { measurementCaveats } from '../../services/trainer/measurement-caveats';

describe('measurementCaveats', () => {
  it('says a session with a start configuration measured its gain against that start, naming the knobs', () => {
    const caveats = measurementCaveats(resolveSessionOptions({ startKnobs: [{ name: 'work_mem', value: '64' }, { name: 'max_wal_size', value: '256' }] }));
    expect(caveats).toContainEqual(expect.stringMatching(/^the session started from a given configuration \(work_mem, max_wal_size\), not the server's own/));
    expect(measurementCaveats(resolveSessionOptions({})).some((c) => c.includes('given configuration'))).toBe(false);
  });
});
