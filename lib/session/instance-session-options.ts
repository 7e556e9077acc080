import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { FailedPreconditionError } from '../core/errors';
import { benchmarkBeyondLimits, type InstanceSettings, type InstanceWorkloadSetting } from './instance-settings';
import { SESSION_DEFAULTS } from './session-limits';
import { applySessionDefaults, DEFAULT_SESSION_BENCHMARK, type SessionOptionsWithDefaults } from './session-options';
import type { BenchmarkSpec } from '../../proto/generated/autotune/v1/BenchmarkSpec';
import { findWorkloadPreset } from './workload-presets';

/**
 * The options of a new session on a registered instance, with every default applied:
 * 1. a session that names no benchmark runs the instance's workload, one that names no knobs
 *    tunes the instance's knobs, and one that sets no iterations gets the default capped by
 *    the instance's max_iterations;
 * 2. the session defaults (applySessionDefaults) fill the rest;
 * 3. the result must keep within the instance's limits.
 *
 * A session beyond an instance limit is FAILED_PRECONDITION, not INVALID_ARGUMENT: the same
 * options are valid on an instance without that limit, so what refuses them is the state of
 * this instance (its registration, which a re-register can change), not the request itself.
 *
 * @throws InvalidArgumentError for options invalid anywhere, FailedPreconditionError naming
 *   the option and the instance's limit.
 */
export function sessionOptionsOnInstance(options: SessionOptions | null | undefined, instance: { name: string; settings: InstanceSettings }): SessionOptionsWithDefaults {
  const given = options ?? {};
  const { workload, knobs, limits } = instance.settings;
  const complete = applySessionDefaults({
    ...given,
    benchmark: given.benchmark ?? (workload ? benchmarkOf(workload) : null),
    knobs: (given.knobs ?? []).length > 0 ? given.knobs : knobs,
    iterations: given.iterations || (limits.maxIterations > 0 ? Math.min(SESSION_DEFAULTS.iterations, limits.maxIterations) : 0),
  });
  const beyond = (option: string, value: unknown, limit: string, cap: unknown) =>
    new FailedPreconditionError(`${option} ${String(value)} is beyond instance "${instance.name}"'s limit ${limit} ${String(cap)} (its registration; re-register to change it)`);
  const over = benchmarkBeyondLimits(complete.benchmark, limits);
  if (over) throw beyond(`benchmark.${over.option}`, over.value, `limits.${over.limit}`, over.cap);
  if (limits.maxIterations > 0 && complete.iterations > limits.maxIterations) throw beyond('iterations', complete.iterations, 'limits.max_iterations', limits.maxIterations);
  if (limits.allowRestart === false && complete.allowRestart) {
    throw beyond('allow_restart', 'true (asked for, or implied by the extended knob set)', 'limits.allow_restart', false);
  }
  return complete;
}

/** A preset as the session's benchmark: its scripts and clients with the session benchmark's defaults. */
function benchmarkOf(workload: InstanceWorkloadSetting): BenchmarkSpec {
  if ('benchmark' in workload) return workload.benchmark;
  const preset = findWorkloadPreset(workload.preset, 'workload.preset');
  return { ...DEFAULT_SESSION_BENCHMARK, scripts: preset.scripts, clients: preset.clients };
}
