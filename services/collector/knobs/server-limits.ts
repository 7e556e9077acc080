import { FailedPreconditionError } from '../../../lib/core/errors';
import type { HostResources } from '../../../knobs/host-resources';
import { safeRange } from '../../../knobs/knob-catalog';
import { isChoiceKnob, type ChoiceKnobSpec, type KnobRange, type KnobSpec, type NumericKnobSpec, type NumericRange } from '../../../knobs/knob-spec';
import type { LiveKnob } from './live-knob';

/**
 * The catalog's ranges assume what a stock build reports. A server built with another block
 * size reports shared_buffers in "16kB" and every page count would be off by two, so a
 * mismatch stops the knob rather than being guessed around.
 */
function assertSameShape(spec: KnobSpec, live: LiveKnob): void {
  const unit = live.unit ?? 'none';
  if (live.vartype !== spec.type || unit !== spec.unit) {
    throw new FailedPreconditionError(
      `${spec.name}: the server reports ${live.vartype} in "${unit}", the knob catalog expects ${spec.type} in "${spec.unit}"`,
    );
  }
}

/** Whether a numeric value lies within PostgreSQL's own min_val..max_val for the knob. */
export function withinServerLimits(value: number, live: LiveKnob): boolean {
  const min = live.minVal === null ? -Infinity : Number(live.minVal);
  const max = live.maxVal === null ? Infinity : Number(live.maxVal);
  return value >= min && value <= max;
}

/**
 * Narrows a catalog range to pg_settings' min_val..max_val. Throws FailedPreconditionError
 * when nothing is left (effective_io_concurrency has max 0 where the OS lacks posix_fadvise).
 */
export function limitNumericRange(spec: NumericKnobSpec, range: NumericRange, live: LiveKnob): NumericRange {
  assertSameShape(spec, live);
  const min = live.minVal === null ? range.min : Math.max(range.min, Number(live.minVal));
  const max = live.maxVal === null ? range.max : Math.min(range.max, Number(live.maxVal));
  if (!(min <= max)) {
    throw new FailedPreconditionError(
      `${spec.name}: the safe range ${range.min} .. ${range.max} and the server's ${live.minVal} .. ${live.maxVal} do not overlap; leave the knob out`,
    );
  }
  return { min, max };
}

/** Narrows a bool or enum knob's choices to the server's enumvals. */
export function limitChoices(spec: ChoiceKnobSpec, allowed: readonly string[], live: LiveKnob): readonly string[] {
  assertSameShape(spec, live);
  const serverValues = live.enumvals;
  const left = serverValues === null ? allowed : allowed.filter((v) => serverValues.includes(v));
  if (left.length === 0) throw new FailedPreconditionError(`${spec.name}: the server accepts none of ${allowed.join(', ')}`);
  return left;
}

/** The range a value must lie in: the catalog's for this host, within the server's limits when known. */
export function effectiveSafeRange(spec: KnobSpec, host: HostResources, live?: LiveKnob): KnobRange {
  if (!live) return safeRange(spec, host);
  return isChoiceKnob(spec) ? { allowed: limitChoices(spec, spec.allowed, live) } : limitNumericRange(spec, spec.range(host), live);
}
