import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../model/backend';
import { polyakUpdate } from '../../model/polyak-update';

function tinyModel(value: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 2, inputShape: [2], kernelInitializer: tf.initializers.constant({ value }), biasInitializer: tf.initializers.constant({ value }) }));
  return model;
}

function weightValues(model: tf.LayersModel): number[] {
  return model.weights.flatMap((w) => Array.from(w.read().dataSync()));
}

describe('polyakUpdate', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('moves the target tau of the way towards the source', () => {
    const target = tinyModel(0);
    const source = tinyModel(1);
    polyakUpdate(target, source, 0.25);
    expect(weightValues(target)).toEqual(Array(6).fill(0.25));
    polyakUpdate(target, source, 0.5);
    expect(weightValues(target)).toEqual(Array(6).fill(0.625));
    expect(weightValues(source)).toEqual(Array(6).fill(1));
    target.dispose();
    source.dispose();
  });

  it('copies with tau = 1, and the copy does not follow later changes of the source', () => {
    const target = tinyModel(0);
    const source = tinyModel(1);
    polyakUpdate(target, source, 1);
    source.weights.forEach((w) => w.write(tf.onesLike(w.read()).mul(3)));
    expect(weightValues(target)).toEqual(Array(6).fill(1));
    target.dispose();
    source.dispose();
  });

  it('leaves no tensor behind and rejects a tau outside [0, 1]', () => {
    const target = tinyModel(0);
    const source = tinyModel(1);
    const before = tf.memory().numTensors;
    polyakUpdate(target, source, 0.1);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => polyakUpdate(target, source, 1.5)).toThrow(/tau/);
    target.dispose();
    source.dispose();
  });
});
