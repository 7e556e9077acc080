import type { AgentOptions } from '../../model/create-agent';
import type { AgentKind, TuningAgent } from '../../model/tuning-agent';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { WarmStartAgent } from '../../model/warm-start-agent';
import { logger } from '../../lib/core/logger';
import type { ResolvedSessionOptions } from '../../lib/session/session-options';
import { rulesAction } from './rules-action';
import type { TuningEnvironment } from './tuning-environment';

export interface SessionAgentInputs {
  sessionId: string;
  opts: Pick<ResolvedSessionOptions, 'agent' | 'warmStart' | 'rulesWorkload' | 'rulesStorage'>;
  env: Pick<TuningEnvironment, 'server' | 'actionSpace'>;
  /** The agent's options apart from a rules action. */
  options: AgentOptions;
  /** The session's baseline configuration: what the rules leave alone stays at it. */
  baselineKnobs: readonly KnobSetting[];
  /** Steps the session has stored already: on a resume, a warm start is behind it. */
  stepsDone: number;
  create: (kind: AgentKind, options: AgentOptions) => Promise<TuningAgent>;
}

/**
 * The session's agent: the kind it asks for; for `rules`, the one action PGTune's
 * configuration gives on this server; with `warm_start rules`, the agent wrapped so its
 * first step is that configuration (never again once a step is stored: step 1 was it).
 */
export async function createSessionAgent(inputs: SessionAgentInputs): Promise<TuningAgent> {
  const { opts, env, options, create, sessionId } = inputs;
  const needsRules = opts.agent === 'rules' || opts.warmStart === 'rules';
  if (!needsRules) return create(opts.agent, options);
  const rules = rulesAction({ server: env.server, actionSpace: env.actionSpace, baseline: inputs.baselineKnobs, workload: opts.rulesWorkload, storage: opts.rulesStorage });
  logger.info(
    {
      session: sessionId,
      workload: opts.rulesWorkload,
      storage: opts.rulesStorage,
      rules: Object.fromEntries(rules.knobs.filter((k) => rules.covered.includes(k.name)).map((k) => [k.name, k.value])),
      clamped: rules.clamped,
      notCovered: env.actionSpace.map((d) => d.name).filter((name) => !rules.covered.includes(name)),
    },
    opts.agent === 'rules' ? 'rules agent: PGTune configuration' : 'warm start: PGTune configuration first',
  );
  if (opts.agent === 'rules') return create('rules', { ...options, fixedAction: rules.action });
  return new WarmStartAgent(await create(opts.agent, options), { action: rules.action, used: inputs.stepsDone > 0 });
}
