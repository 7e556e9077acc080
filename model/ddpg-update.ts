import * as tf from '@tensorflow/tfjs';
import { actorAction } from './actor-network';
import { polyakUpdate } from './polyak-update';
import { TransitionBatch } from './replay/replay-buffer';

/** |pre-activation| past which the actor is penalized (tanh(2.5) = 0.987). */
const SATURATION_LIMIT = 2.5;

export interface DdpgNetworks {
  actor: tf.LayersModel;
  critic: tf.LayersModel;
  targetActor: tf.LayersModel;
  targetCritic: tf.LayersModel;
}

export interface DdpgOptimizers {
  actor: tf.Optimizer;
  critic: tf.Optimizer;
}

export interface DdpgUpdateParams {
  gamma: number;
  tau: number;
  /** Update the actor and the targets in this update (TD3's delayed policy updates). */
  updateActor: boolean;
  /** Return |TD error| per row after the critic step (for prioritized replay); one more critic pass. */
  tdErrors: boolean;
}

export interface DdpgUpdateResult {
  criticLoss: number;
  /** Absent when the actor did not update (policy delay). */
  actorLoss?: number;
  tdErrors?: Float32Array;
}

/**
 * One DDPG update on a minibatch whose states are already normalized, read top to bottom
 * (after CleanRL's ddpg_continuous_action.py). With gamma = 0 (ddpg++) the critic target is
 * the reward alone and the target networks are not consulted.
 */
export function ddpgUpdate(nets: DdpgNetworks, optimizers: DdpgOptimizers, batch: TransitionBatch, params: DdpgUpdateParams): DdpgUpdateResult {
  return tf.tidy(() => {
    const { states, actions, rewards, nextStates, notDone } = toTensors(batch, nets.actor);

    // 1. Critic target: y = r + gamma * (1 - done) * Q'(s', mu'(s')), a constant for the step.
    const y =
      params.gamma === 0
        ? rewards
        : rewards.add(q(nets.targetCritic, nextStates, pi(nets.targetActor, nextStates)).mul(notDone).mul(params.gamma));

    // 2. Critic: minimize the squared error of Q(s, a) against y.
    const criticLoss = optimizers.critic.minimize(() => tf.losses.meanSquaredError(y, q(nets.critic, states, actions)) as tf.Scalar, true, variables(nets.critic))!;
    const tdErrors = params.tdErrors ? (q(nets.critic, states, actions).sub(y).abs().dataSync() as Float32Array) : undefined;
    if (!params.updateActor) return { criticLoss: criticLoss.dataSync()[0], tdErrors };

    // 3. Actor: maximize Q(s, mu(s)), only the actor's weights move; a penalty keeps the
    //    pre-activations out of tanh's flat tails, where the actor would stop learning.
    const actorLoss = optimizers.actor.minimize(() => {
      const { z, action } = actorAction(nets.actor, states);
      return q(nets.critic, states, action).mean().neg().add(saturationPenalty(z)) as tf.Scalar;
    }, true, variables(nets.actor))!;

    // 4. Targets trail the learned networks.
    polyakUpdate(nets.targetActor, nets.actor, params.tau);
    polyakUpdate(nets.targetCritic, nets.critic, params.tau);

    return { criticLoss: criticLoss.dataSync()[0], actorLoss: actorLoss.dataSync()[0], tdErrors };
  });
}

/** Q(s, a): the critic's value, shape [n, 1]. */
function q(critic: tf.LayersModel, states: tf.Tensor2D, actions: tf.Tensor): tf.Tensor2D {
  return critic.apply([states, actions]) as tf.Tensor2D;
}

/** mu(s): the actor's action, shape [n, actionDim]. */
function pi(actor: tf.LayersModel, states: tf.Tensor2D): tf.Tensor2D {
  return actorAction(actor, states).action;
}

/**
 * mean(max(|z| - 2.5, 0)^2): zero while tanh(z) is within 0.987 of the box's walls, growing
 * fast past that, so that the critic's pull towards a wall cannot saturate the actor.
 */
function saturationPenalty(z: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.square(tf.relu(tf.sub(tf.abs(z), SATURATION_LIMIT))));
}

/** The trainable weights as the tf.Variables optimizers take. */
function variables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

function toTensors(batch: TransitionBatch, actor: tf.LayersModel) {
  const n = batch.size;
  const stateDim = batch.states.length / n;
  const actionDim = actor.outputs[0].shape[1] as number;
  return {
    states: tf.tensor2d(batch.states, [n, stateDim]),
    actions: tf.tensor2d(batch.actions, [n, actionDim]),
    rewards: tf.tensor2d(batch.rewards, [n, 1]),
    nextStates: tf.tensor2d(batch.nextStates, [n, stateDim]),
    notDone: tf.sub(1, tf.tensor2d(batch.dones, [n, 1])),
  };
}
