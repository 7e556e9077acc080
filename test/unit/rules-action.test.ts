import { describe, expect, it } from 'vitest';
import type { KnobDimension__Output as KnobDimension } from '../../proto/generated/autotune/v1/KnobDimension';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { actionToKnobs } from '../../knobs/action-mapping';
import { FailedPreconditionError } from '../../lib/core/errors';
import { rulesAction } from '../../services/trainer/rules-action';

const GiB = 1024 ** 3;
const SERVER: ServerInfo = {
  serverVersion: '15.4',
  serverVersionNum: 150_004,
  hostMemoryBytes: 16 * GiB,
  hostCpus: 4,
  canRestart: true,
  maxConnections: 100,
  target: 'postgres://x',
  autovacuumMaxWorkers: 3,
};

const dim = (name: string, min: number, max: number, scale: string, baseline: string, integer = true): KnobDimension => ({
  name,
  min,
  max,
  scale,
  unit: '',
  choices: scale === 'choice' ? ['off', 'on'] : [],
  baseline,
  integer,
});

// effective_cache_size narrower than the catalog's (as a server's own limit would make it).
const SPACE = [
  dim('work_mem', 64, 41_943, 'log', '4096'),
  dim('checkpoint_timeout', 30, 3600, 'log', '300'),
  dim('effective_cache_size', 16_384, 1_000_000, 'log', '524288'),
  dim('jit', 0, 0, 'choice', 'on', false),
];

describe('rulesAction', () => {
  it('maps the rules into the action space; other tuned knobs keep the session baseline; the dimension range has the last word', () => {
    const rules = rulesAction({ server: SERVER, actionSpace: SPACE, baseline: [{ name: 'checkpoint_timeout', value: '900' }], workload: 'oltp', storage: 'ssd' });
    expect(rules.covered).toEqual(['work_mem', 'effective_cache_size']);
    // checkpoint_timeout from the session's baseline (not the value at Open), jit from Open.
    expect(rules.knobs).toEqual([
      { name: 'work_mem', value: '40329' },
      { name: 'checkpoint_timeout', value: '900' },
      { name: 'effective_cache_size', value: '1572864' },
      { name: 'jit', value: 'on' },
    ]);
    expect(actionToKnobs(rules.action, SPACE)).toEqual([
      { name: 'work_mem', value: '40329' },
      { name: 'checkpoint_timeout', value: '900' },
      { name: 'effective_cache_size', value: '1000000' },
      { name: 'jit', value: 'on' },
    ]);
    expect(rules.action[2]).toBe(1);
  });

  it('lists only the clamps of tuned knobs', () => {
    const dw = rulesAction({ server: SERVER, actionSpace: SPACE, baseline: [], workload: 'dw', storage: 'ssd' });
    expect(dw.clamped.map((c) => c.name)).toEqual(['work_mem']);
    const untuned = rulesAction({ server: SERVER, actionSpace: SPACE.slice(1), baseline: [], workload: 'dw', storage: 'ssd' });
    expect(untuned.clamped).toEqual([]);
  });

  it('refuses to guess a host the environment did not report', () => {
    const call = (server: ServerInfo | null) => () => rulesAction({ server, actionSpace: SPACE, baseline: [], workload: 'oltp', storage: 'ssd' });
    expect(call(null)).toThrow(FailedPreconditionError);
    expect(call({ ...SERVER, hostMemoryBytes: 0 })).toThrow(/the rules need the server's RAM, CPUs and max_connections/);
    expect(call({ ...SERVER, serverVersionNum: 90_600 })).toThrow(/rules\.serverVersionNum/);
  });
});
