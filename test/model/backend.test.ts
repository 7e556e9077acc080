import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../model/backend';

describe('selectBackend', () => {
  it('runs WebAssembly when tfjs-node is not installed, and says why it passed over tfjs-node', async () => {
    const selected = await selectBackend();
    let hasNode = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      hasNode = false;
    }
    expect(selected.name).toBe(hasNode ? 'tensorflow' : 'wasm');
    expect(tf.getBackend()).toBe(selected.name);
    if (!hasNode) expect(selected.fallbacks[0]).toMatch(/^tensorflow: /);
    // It computes, not just registers.
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
    expect(product).toBe(11);
  });

  it('initialises once per process', async () => {
    expect(await selectBackend()).toBe(await selectBackend());
  });
});
