import { AgentOptionError } from './agent-option-error';
import { selectBackend } from './backend';
import { DdpgAgent } from './ddpg-agent';
import { DdpgOptions } from './ddpg-options';
import { FixedActionAgent } from './fixed-action-agent';
import { RandomSearchAgent } from './random-search-agent';
import { AgentKind, TuningAgent } from './tuning-agent';

/**
 * Options for any kind: DDPG's (the variant comes from the kind); random search reads
 * stateDim, actionDim and seed; rules reads stateDim and its one action.
 */
export type AgentOptions = Omit<DdpgOptions, 'variant'> & {
  /** The rules agent's one action, in [-1, 1]^actionDim; required for kind rules, refused for the others. */
  fixedAction?: readonly number[];
};

const KINDS: readonly AgentKind[] = ['ddpg', 'ddpg++', 'random', 'rules'];

/**
 * The agent of the given kind, on the tfjs backend selectBackend() picks (initialised here,
 * once per process, before any network is built).
 */
export async function createAgent(kind: AgentKind, options: AgentOptions): Promise<TuningAgent> {
  if (!KINDS.includes(kind)) throw new AgentOptionError('kind', `must be one of ${KINDS.join(', ')}, got ${String(kind)}`);
  if ('variant' in options && (options as DdpgOptions).variant !== undefined) {
    throw new AgentOptionError('variant', 'is set by the kind passed to createAgent; leave it out of the options');
  }
  const { fixedAction, ...rest } = options;
  if (kind === 'rules') {
    if (!fixedAction) throw new AgentOptionError('fixedAction', 'the rules agent needs its one action (PGTune\'s configuration as positions)');
    if (fixedAction.length !== options.actionDim) {
      throw new AgentOptionError('fixedAction', `has ${fixedAction.length} values, actionDim is ${options.actionDim}`);
    }
    return new FixedActionAgent({ stateDim: options.stateDim, action: fixedAction });
  }
  if (fixedAction) throw new AgentOptionError('fixedAction', `is only for the rules agent, not ${kind} (wrap it in a WarmStartAgent instead)`);
  if (kind === 'random') return new RandomSearchAgent({ stateDim: options.stateDim, actionDim: options.actionDim, seed: options.seed });
  await selectBackend();
  return new DdpgAgent({ ...rest, variant: kind });
}
