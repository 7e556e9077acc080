import * as tf from '@tensorflow/tfjs';

/**
 * A layers model as JSON topology + weight specs + weight bytes, captured and restored through
 * in-memory tf.io handlers (withSaveHandler / fromMemory) rather than file:// or indexeddb://.
 */
export interface SavedModel {
  topology: tf.io.ModelArtifacts['modelTopology'];
  weightSpecs: tf.io.WeightsManifestEntry[];
}

export async function saveModel(model: tf.LayersModel): Promise<{ saved: SavedModel; weights: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('tfjs saved a model without weights');
  return {
    saved: { topology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs },
    weights: new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)),
  };
}

export async function loadModel(saved: SavedModel, weights: Uint8Array): Promise<tf.LayersModel> {
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: saved.topology, weightSpecs: saved.weightSpecs, weightData: toArrayBuffer(weights) }),
  );
}

/** The optimizer's slots (Adam's moments and iteration count) as specs + bytes. */
export async function saveOptimizer(optimizer: tf.Optimizer): Promise<{ specs: tf.io.WeightsManifestEntry[]; weights: Uint8Array }> {
  const named = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(named);
  // The moments are the optimizer's own variables; the iteration count is a fresh scalar.
  tf.dispose(named.map((n) => n.tensor).filter((t) => !(t instanceof tf.Variable)));
  return { specs, weights: new Uint8Array(data) };
}

/** Restores saveOptimizer's output into a fresh optimizer of the same kind. */
export async function loadOptimizer(optimizer: tf.Optimizer, specs: tf.io.WeightsManifestEntry[], weights: Uint8Array): Promise<void> {
  const decoded = tf.io.decodeWeights(toArrayBuffer(weights), specs);
  // setWeights matches slots by position, so keep the order they were saved in; it copies
  // each tensor into a variable, so the decoded tensors are ours to free.
  const named = specs.map((spec) => ({ name: spec.name, tensor: decoded[spec.name] }));
  await optimizer.setWeights(named);
  tf.dispose(Object.values(decoded));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}
