import type { Transition, TransitionBatch } from './replay-buffer';

/**
 * The binary record of one transition in Redis: float32 little-endian, in the order
 * state, action, reward, nextState, done (1 or 0), so (2*stateDim + actionDim + 2) * 4 bytes.
 * Fixed-size records are what let the ring live in one Redis string addressed by offset.
 * Little-endian is written explicitly so the bytes do not depend on the host.
 */
export class TransitionCodec {
  readonly recordBytes: number;

  constructor(
    readonly stateDim: number,
    readonly actionDim: number,
  ) {
    this.recordBytes = transitionRecordBytes(stateDim, actionDim);
  }

  encode(transition: Transition): Buffer {
    const record = Buffer.allocUnsafe(this.recordBytes);
    let offset = writeFloats(record, 0, transition.state);
    offset = writeFloats(record, offset, transition.action);
    offset = record.writeFloatLE(transition.reward, offset);
    offset = writeFloats(record, offset, transition.nextState);
    record.writeFloatLE(transition.done ? 1 : 0, offset);
    return record;
  }

  /** Writes `record` into row `row` of `batch`. */
  decodeInto(record: Buffer, batch: TransitionBatch, row: number): void {
    const { stateDim, actionDim } = this;
    let offset = readFloats(record, 0, batch.states, row * stateDim, stateDim);
    offset = readFloats(record, offset, batch.actions, row * actionDim, actionDim);
    batch.rewards[row] = record.readFloatLE(offset);
    offset = readFloats(record, offset + 4, batch.nextStates, row * stateDim, stateDim);
    batch.dones[row] = record.readFloatLE(offset);
  }
}

export function transitionRecordBytes(stateDim: number, actionDim: number): number {
  return (2 * stateDim + actionDim + 2) * 4;
}

function writeFloats(target: Buffer, offset: number, values: Float32Array): number {
  for (let i = 0; i < values.length; i++) offset = target.writeFloatLE(values[i], offset);
  return offset;
}

function readFloats(source: Buffer, offset: number, target: Float32Array, start: number, count: number): number {
  for (let i = 0; i < count; i++) target[start + i] = source.readFloatLE(offset + 4 * i);
  return offset + 4 * count;
}
