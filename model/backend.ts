import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Which tfjs backend runs the networks, and why the better ones did not. */
export interface SelectedBackend {
  /** 'tensorflow' (tfjs-node, native), 'wasm', or 'cpu' (plain JavaScript, slowest). */
  name: string;
  /** Why a faster backend was passed over; empty when the first choice loaded. */
  fallbacks: string[];
}

let selection: Promise<SelectedBackend> | undefined;

/**
 * Picks the fastest backend that works here, once per process: tfjs-node when it loads
 * (it is an optional dependency whose install downloads libtensorflow, which fails on
 * machines without that access), else WebAssembly, else the JavaScript 'cpu' backend.
 * Callers print the returned name once so every run says what it ran on.
 */
export function selectBackend(): Promise<SelectedBackend> {
  selection ??= pickBackend();
  return selection;
}

async function pickBackend(): Promise<SelectedBackend> {
  const fallbacks: string[] = [];
  try {
    // A plain require so that the build does not need the package's types, and a missing
    // or broken native binding lands in the catch.
    require('@tensorflow/tfjs-node');
    if (await tf.setBackend('tensorflow')) return { name: tf.getBackend(), fallbacks };
    fallbacks.push('tensorflow: tfjs-node loaded but its backend did not initialise');
  } catch (err) {
    fallbacks.push(`tensorflow: ${firstLine(err)}`);
  }
  try {
    // In Node the wasm backend cannot fetch its .wasm files by URL: point it at the package's
    // dist folder on disk (a directory path, trailing separator included).
    setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
    if (await tf.setBackend('wasm')) return { name: tf.getBackend(), fallbacks };
    fallbacks.push('wasm: the backend did not initialise');
  } catch (err) {
    fallbacks.push(`wasm: ${firstLine(err)}`);
  }
  await tf.setBackend('cpu');
  return { name: tf.getBackend(), fallbacks };
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
