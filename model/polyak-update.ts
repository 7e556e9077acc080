import * as tf from '@tensorflow/tfjs';

/**
 * Soft target update: target <- tau * source + (1 - tau) * target, weight by weight.
 * tau = 1 copies the source; a small tau makes the target a slow moving average, which keeps
 * the critic's bootstrapped targets from chasing the critic itself.
 *
 * Both models must have the same architecture (weights in the same order and shapes).
 */
export function polyakUpdate(target: tf.LayersModel, source: tf.LayersModel, tau: number): void {
  if (!(tau >= 0 && tau <= 1)) throw new RangeError(`tau must be in [0, 1], got ${tau}`);
  const targetWeights = target.weights;
  const sourceWeights = source.weights;
  if (targetWeights.length !== sourceWeights.length) {
    throw new Error(`target has ${targetWeights.length} weights, source ${sourceWeights.length}`);
  }
  tf.tidy(() => {
    targetWeights.forEach((targetWeight, i) => {
      const mixed = tau === 1 ? sourceWeights[i].read() : tf.add(tf.mul(sourceWeights[i].read(), tau), tf.mul(targetWeight.read(), 1 - tau));
      targetWeight.write(mixed);
    });
  });
}
