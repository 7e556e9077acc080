/**
 * The byte layout of a checkpoint: a magic tag, a format version, a JSON header and named
 * binary blobs (network weights, optimizer moments). Bytes, not files, because checkpoints
 * live in the metadata store (a bytea column) and file:// saving needs tfjs-node.
 *
 *   "PGAT" | u32 version | u32 header length | header JSON (UTF-8) | blob bytes...
 *
 * The header lists each blob's offset and length inside the blob section.
 */
const MAGIC = 'PGAT';
const VERSION = 1;

export interface DecodedCheckpoint<H> {
  header: H;
  blobs: Record<string, Uint8Array>;
}

interface Envelope<H> {
  header: H;
  blobs: Record<string, { offset: number; length: number }>;
}

export function encodeCheckpoint<H>(header: H, blobs: Record<string, Uint8Array>): Uint8Array {
  const layout: Envelope<H>['blobs'] = {};
  let offset = 0;
  for (const [name, blob] of Object.entries(blobs)) {
    layout[name] = { offset, length: blob.byteLength };
    offset += blob.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify({ header, blobs: layout } satisfies Envelope<H>));
  const out = new Uint8Array(12 + json.byteLength + offset);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.byteLength, true);
  out.set(json, 12);
  const base = 12 + json.byteLength;
  for (const [name, blob] of Object.entries(blobs)) out.set(blob, base + layout[name].offset);
  return out;
}

/** Throws when the bytes are not a checkpoint of this format version. */
export function decodeCheckpoint<H>(bytes: Uint8Array): DecodedCheckpoint<H> {
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new Error('not a pg-autotune checkpoint (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`checkpoint format version ${version}, this build reads ${VERSION}`);
  const headerLength = view.getUint32(8, true);
  const base = 12 + headerLength;
  if (base > bytes.byteLength) throw new Error('truncated checkpoint (header)');
  const envelope = JSON.parse(new TextDecoder().decode(bytes.subarray(12, base))) as Envelope<H>;
  const blobs: Record<string, Uint8Array> = {};
  for (const [name, { offset, length }] of Object.entries(envelope.blobs)) {
    if (base + offset + length > bytes.byteLength) throw new Error(`truncated checkpoint (blob ${name})`);
    // A copy (Buffer#slice would return a view): tfjs wants a whole ArrayBuffer of its own.
    blobs[name] = new Uint8Array(bytes.subarray(base + offset, base + offset + length));
  }
  return { header: envelope.header, blobs };
}
