import type { KnobDimension__Output as KnobDimension } from '../../proto/generated/autotune/v1/KnobDimension';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { FailedPreconditionError } from '../../lib/core/errors';
import { knobsToAction } from '../../knobs/action-mapping';
import { rulesConfiguration, type ClampedRule, type RulesStorage, type RulesWorkload } from '../../knobs/pgtune-rules';

export interface RulesActionInputs {
  /** What the environment reported of the server at Open. */
  server: ServerInfo | null;
  actionSpace: readonly KnobDimension[];
  /**
   * The session's baseline configuration (its first baseline run), which tuned knobs the
   * rules do not set keep; a knob missing from it keeps the value in effect at Open.
   */
  baseline: readonly KnobSetting[];
  workload: RulesWorkload;
  storage: RulesStorage;
}

export interface RulesAction {
  /** PGTune's configuration as positions in the action space: what the agent proposes. */
  action: number[];
  /** The value of every tuned knob the action stands for: the rules' where they set the knob, the baseline elsewhere. */
  knobs: KnobSetting[];
  /** Tuned knobs the rules set. */
  covered: string[];
  /** Rules values that a safety limit moved (the catalog's safe range, the memory budget). */
  clamped: ClampedRule[];
}

/**
 * PGTune's configuration for the server an environment opened on, as an action: the rules
 * computed from the server's RAM, CPUs, max_connections and version with the session's
 * workload and storage types, clamped to the safe catalog (pgtune-rules.ts), then mapped
 * into the session's action space (knobsToAction, which also keeps each value inside the
 * dimension's range: the catalog range within the server's own limits). Rules for knobs the
 * session does not tune are left out; tuned knobs the rules do not set keep their baseline
 * (as near as the action space expresses it: a special value such as commit_delay 0 lies
 * outside every dimension's range, and maps to its edge).
 *
 * @throws FailedPreconditionError when the environment reported no host facts.
 */
export function rulesAction(inputs: RulesActionInputs): RulesAction {
  const { server, actionSpace } = inputs;
  if (!server || !(server.hostMemoryBytes > 0) || !(server.hostCpus > 0) || !(server.maxConnections > 0)) {
    throw new FailedPreconditionError(
      "the rules need the server's RAM, CPUs and max_connections, and the environment reported none; the rules agent and warm_start rules cannot run here",
    );
  }
  const rules = rulesConfiguration(
    {
      memoryBytes: server.hostMemoryBytes,
      cpus: server.hostCpus,
      maxConnections: server.maxConnections,
      serverVersionNum: server.serverVersionNum,
      workload: inputs.workload,
      storage: inputs.storage,
    },
    { autovacuumMaxWorkers: server.autovacuumMaxWorkers },
  );
  const byName = new Map(rules.settings.map((k) => [k.name, k.value]));
  const baseline = new Map(inputs.baseline.map((k) => [k.name, k.value]));
  const knobs = actionSpace.map((dim) => ({ name: dim.name, value: byName.get(dim.name) ?? baseline.get(dim.name) ?? dim.baseline }));
  return {
    action: knobsToAction(knobs, actionSpace),
    knobs,
    covered: actionSpace.filter((dim) => byName.has(dim.name)).map((dim) => dim.name),
    clamped: rules.clamped.filter((c) => actionSpace.some((dim) => dim.name === c.name)),
  };
}
