import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../model/checkpoint-codec';

describe('checkpoint codec', () => {
  it('round-trips a header and named blobs', () => {
    const blobs = { a: Uint8Array.from([1, 2, 3]), empty: new Uint8Array(0), b: Uint8Array.from([255, 0]) };
    const bytes = encodeCheckpoint({ kind: 'ddpg', steps: 12, nested: { x: [1.5, -2] } }, blobs);
    const decoded = decodeCheckpoint<{ kind: string; steps: number; nested: { x: number[] } }>(bytes);
    expect(decoded.header).toEqual({ kind: 'ddpg', steps: 12, nested: { x: [1.5, -2] } });
    expect(decoded.blobs).toEqual(blobs);
  });

  it('reads a checkpoint that sits at an offset inside a larger buffer (a Buffer from a bytea column)', () => {
    const bytes = encodeCheckpoint({ n: 1 }, { w: Uint8Array.from([9, 8, 7]) });
    const padded = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), Buffer.from(bytes)]).subarray(5);
    expect(decodeCheckpoint(padded).blobs.w).toEqual(Uint8Array.from([9, 8, 7]));
  });

  it('rejects bytes that are not a checkpoint, or truncated ones', () => {
    expect(() => decodeCheckpoint(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toThrow(/magic/);
    const bytes = encodeCheckpoint({ n: 1 }, { w: new Uint8Array(100) });
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 10))).toThrow(/truncated/);
  });
});
