import type { KnobState } from '../../../proto/generated/autotune/v1/KnobState';
import type { HostResources } from '../../../knobs/host-resources';
import { isNumericRange, type KnobSpec } from '../../../knobs/knob-spec';
import type { LiveKnob } from './live-knob';
import { effectiveSafeRange } from './server-limits';

/**
 * One knob of the GetKnobs reply: what the live server says about it, with the catalog's
 * safe range for this host narrowed to the server's own limits.
 */
export function toKnobState(spec: KnobSpec, live: LiveKnob, host: HostResources): KnobState {
  const range = effectiveSafeRange(spec, host, live);
  return {
    name: spec.name,
    value: live.setting,
    unit: live.unit ?? '',
    context: live.context,
    vartype: live.vartype,
    pgMin: live.minVal ?? '',
    pgMax: live.maxVal ?? '',
    pendingRestart: live.pendingRestart,
    safeRange: isNumericRange(range) ? { min: range.min, max: range.max, allowed: [] } : { min: 0, max: 0, allowed: [...range.allowed] },
    scale: spec.scale,
    restartRequired: spec.restartRequired,
    durabilityRisk: spec.durabilityRisk,
    bootValue: live.bootVal ?? '',
    enumValues: live.enumvals ?? [],
    groups: [...spec.groups],
  };
}
