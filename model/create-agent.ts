import { AgentOptionError } from './agent-option-error';
import { selectBackend } from './backend';
import { DdpgAgent } from './ddpg-agent';
import { DdpgOptions } from './ddpg-options';
import { RandomSearchAgent } from './random-search-agent';
import { AgentKind, TuningAgent } from './tuning-agent';

/** Options for any kind: DDPG's (the variant comes from the kind); random search reads stateDim, actionDim and seed. */
export type AgentOptions = Omit<DdpgOptions, 'variant'>;

const KINDS: readonly AgentKind[] = ['ddpg', 'ddpg++', 'random'];

/**
 * The agent of the given kind, on the tfjs backend selectBackend() picks (initialised here,
 * once per process, before any network is built).
 */
export async function createAgent(kind: AgentKind, options: AgentOptions): Promise<TuningAgent> {
  if (!KINDS.includes(kind)) throw new AgentOptionError('kind', `must be one of ${KINDS.join(', ')}, got ${String(kind)}`);
  if ('variant' in options && (options as DdpgOptions).variant !== undefined) {
    throw new AgentOptionError('variant', 'is set by the kind passed to createAgent; leave it out of the options');
  }
  if (kind === 'random') return new RandomSearchAgent({ stateDim: options.stateDim, actionDim: options.actionDim, seed: options.seed });
  await selectBackend();
  return new DdpgAgent({ ...options, variant: kind });
}
