import { describe, expect, it } from 'vitest';
import { findKnobSpec } from '../../knobs/knob-catalog';
import { toKnobState } from '../../services/collector/knobs/knob-state';
import type { LiveKnob } from '../../services/collector/knobs/live-knob';

const HOST = { memoryBytes: 16 * 1024 ** 3, cpus: 4, maxConnections: 100 };

// pg_settings rows as a stock PostgreSQL 15 returns them.
const WORK_MEM: LiveKnob = {
  name: 'work_mem', setting: '4096', unit: 'kB', context: 'user', vartype: 'integer',
  minVal: '64', maxVal: '2147483647', enumvals: null, bootVal: '4096', resetVal: '4096', pendingRestart: false,
};
const SYNC_COMMIT: LiveKnob = {
  name: 'synchronous_commit', setting: 'on', unit: null, context: 'user', vartype: 'enum', minVal: null, maxVal: null,
  enumvals: ['local', 'remote_write', 'remote_apply', 'on', 'off'], bootVal: 'on', resetVal: 'on', pendingRestart: false,
};

describe('toKnobState', () => {
  it('combines the live row with the safe range for the host', () => {
    expect(toKnobState(findKnobSpec('work_mem')!, WORK_MEM, HOST)).toEqual({
      name: 'work_mem', value: '4096', unit: 'kB', context: 'user', vartype: 'integer',
      pgMin: '64', pgMax: '2147483647', pendingRestart: false,
      safeRange: { min: 64, max: 41943, allowed: [] },
      scale: 'log', restartRequired: false, durabilityRisk: 'none', bootValue: '4096', enumValues: [], groups: ['default'],
    });
  });

  it('reports enum knobs with their allowed choices and the server enum values', () => {
    const state = toKnobState(findKnobSpec('synchronous_commit')!, SYNC_COMMIT, HOST);
    expect([state.unit, state.safeRange, state.enumValues, state.durabilityRisk, state.groups]).toEqual([
      '', { min: 0, max: 0, allowed: ['off', 'on'] }, SYNC_COMMIT.enumvals, 'may-lose-commits', ['durability'],
    ]);
  });

  it('narrows the safe range to the server limits', () => {
    const state = toKnobState(findKnobSpec('work_mem')!, { ...WORK_MEM, maxVal: '1024' }, HOST);
    expect(state.safeRange).toEqual({ min: 64, max: 1024, allowed: [] });
  });
});
