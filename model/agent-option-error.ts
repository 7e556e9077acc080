import { ModelArgumentError } from './model-argument-error';

/**
 * Thrown when an agent or the synthetic environment is built from options that cannot work
 * (a negative learning rate, an unknown noise kind, a replay buffer of another shape) or is
 * handed a checkpoint of another agent. `field` names the culprit (`tau`, `noise.sigma`,
 * `hiddenLayers[1]`, `checkpoint`).
 */
export class AgentOptionError extends ModelArgumentError {}
