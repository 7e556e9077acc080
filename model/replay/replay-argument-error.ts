import { ModelArgumentError } from '../model-argument-error';

/**
 * Thrown when a replay buffer is given something it cannot store or act on: a vector of the
 * wrong length, a non-finite value, a priority that is not positive, an index outside the
 * buffer, options that disagree with what a Redis session already holds. `field` names the
 * culprit (`state`, `action[3]`, `priorities[2]`, `session`, ...).
 */
export class ReplayArgumentError extends ModelArgumentError {}
