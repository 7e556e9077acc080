import type { KnobState__Output as KnobState } from '../../proto/generated/autotune/v1/KnobState';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import { checkStartKnobPermissions, type StartKnob } from '../../knobs/start-config';
import type { SessionCollector } from './environment-session';

export interface StartConfigurationRequest {
  knobs: readonly StartKnob[];
  allowRestart: boolean;
  allowDurabilityRisk: boolean;
}

/**
 * Puts the start configuration on the server before an environment measures anything, so
 * the baseline, the rewards and the verification all compare against it. The knobs need not
 * be tuned ones, but must be in the collector's catalog with the same opt-ins a tuned knob
 * needs (checkStartKnobPermissions); the collector's ApplyKnobs checks values, safe ranges
 * and the memory budget again before it touches the server, and rolls back what fails. The
 * original stays what the collector found at its start: Close (ResetKnobs) restores that.
 *
 * @returns whether applying it restarted the server (the first run then needs a warm-up).
 * @throws InvalidArgumentError naming `start_knobs...`; FailedPreconditionError when the
 *   server did not take the configuration (the collector rolled it back).
 */
export async function applyStartConfiguration(
  collector: SessionCollector,
  info: ServerInfo,
  catalog: readonly KnobState[],
  request: StartConfigurationRequest,
): Promise<boolean> {
  if (request.knobs.length === 0) return false;
  checkStartKnobPermissions(request.knobs, catalog, { ...request, canRestart: info.canRestart });
  let reply;
  try {
    reply = await collector.applyKnobs({ knobs: [...request.knobs], allowDurabilityRisk: request.allowDurabilityRisk });
  } catch (err) {
    // The collector names the knob as `knobs.<name>`; the caller gave it as a start knob.
    if (!(err instanceof InvalidArgumentError)) throw err;
    const detail = err.message.slice(err.field.length + 2);
    throw new InvalidArgumentError(err.field.replace(/^knobs/, 'start_knobs'), detail, { cause: err });
  }
  if (!reply.applied) {
    const what = request.knobs.map((k) => `${k.name}=${k.value}`).join(', ');
    const back = reply.rolledBack ? '; the collector rolled it back' : '';
    throw new FailedPreconditionError(`the start configuration (${what}) did not apply: ${reply.error}${back}`);
  }
  return reply.restarted;
}
