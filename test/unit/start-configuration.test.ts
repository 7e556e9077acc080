import { describe, expect, it } from 'vitest';
import type { ApplyKnobsRequest } from '../../proto/generated/autotune/v1/ApplyKnobsRequest';
import type { KnobState__Output as KnobState } from '../../proto/generated/autotune/v1/KnobState';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import type { SessionCollector } from '../../services/environment/environment-session';
import { applyStartConfiguration } from '../../services/environment/start-configuration';

const CATALOG = [
  { name: 'work_mem', restartRequired: false, durabilityRisk: 'none', groups: ['default'] },
  { name: 'max_wal_size', restartRequired: false, durabilityRisk: 'none', groups: ['extended'] },
  { name: 'shared_buffers', restartRequired: true, durabilityRisk: 'none', groups: ['extended'] },
] as KnobState[];
const INFO = { canRestart: true } as ServerInfo;
const OPT_INS = { allowRestart: false, allowDurabilityRisk: false };

/** A collector whose ApplyKnobs answers as scripted, recording what it was asked. */
function collector(answer: () => Promise<unknown>) {
  const requests: ApplyKnobsRequest[] = [];
  const fake = {
    applyKnobs: (request: ApplyKnobsRequest) => {
      requests.push(request);
      return answer();
    },
  } as unknown as SessionCollector;
  return { fake, requests };
}

const applied = (restarted = false) => Promise.resolve({ applied: true, restarted, rolledBack: false, error: '', inEffect: [], pendingRestart: [] });

describe('applyStartConfiguration', () => {
  it('applies the start knobs through ApplyKnobs, tuned or not, and says whether the server restarted', async () => {
    const { fake, requests } = collector(() => applied(true));
    const knobs = [{ name: 'work_mem', value: '64' }, { name: 'max_wal_size', value: '256' }];
    expect(await applyStartConfiguration(fake, INFO, CATALOG, { ...OPT_INS, knobs })).toBe(true);
    expect(requests).toEqual([{ knobs, allowDurabilityRisk: false }]);
  });

  it('touches nothing without start knobs', async () => {
    const { fake, requests } = collector(() => applied());
    expect(await applyStartConfiguration(fake, INFO, CATALOG, { ...OPT_INS, knobs: [] })).toBe(false);
    expect(requests).toEqual([]);
  });

  it('refuses a restart knob without the opt-in before asking the collector', async () => {
    const { fake, requests } = collector(() => applied());
    await expect(applyStartConfiguration(fake, INFO, CATALOG, { ...OPT_INS, knobs: [{ name: 'shared_buffers', value: '16384' }] })).rejects.toThrow(
      /^start_knobs\[0\]: shared_buffers takes effect only after a server restart/,
    );
    expect(requests).toEqual([]);
  });

  it("names the start knob in the collector's range refusal", async () => {
    const { fake } = collector(() => Promise.reject(new InvalidArgumentError('knobs.work_mem', '1 kB is outside the safe range 64 kB .. 1024 kB')));
    const err = await applyStartConfiguration(fake, INFO, CATALOG, { ...OPT_INS, knobs: [{ name: 'work_mem', value: '1' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ field: 'start_knobs.work_mem', message: 'start_knobs.work_mem: 1 kB is outside the safe range 64 kB .. 1024 kB' });
  });

  it('fails the Open when the server did not take the start configuration', async () => {
    const { fake } = collector(() => Promise.resolve({ applied: false, restarted: true, rolledBack: true, error: 'server did not start', inEffect: [], pendingRestart: [] }));
    const err = await applyStartConfiguration(fake, INFO, CATALOG, { ...OPT_INS, knobs: [{ name: 'work_mem', value: '64' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FailedPreconditionError);
    expect((err as Error).message).toBe('the start configuration (work_mem=64) did not apply: server did not start; the collector rolled it back');
  });
});
