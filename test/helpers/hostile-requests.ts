import * as grpc from '@grpc/grpc-js';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';
import path from 'node:path';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import { PROTO_FILES, PROTO_LOADER_OPTIONS } from '../../proto/loader-options';
import { SeededRandom } from '../../model/seeded-random';

/** One RPC of one service, as the raw client calls it. */
export interface RpcTarget {
  address: string;
  /** /autotune.v1.Collector/ApplyKnobs */
  path: string;
  serverStream: boolean;
  /** Builds a well-formed request of hostile values. */
  hostile(): Buffer;
}

/** What a server answered a request with. */
export interface RpcAnswer {
  path: string;
  code: grpc.status;
  details: string;
  /** The response bytes, as text (searched for leaked content). */
  body: string;
  ms: number;
}

interface DescriptorField {
  name: string;
  label: string;
  type: string;
  typeName: string;
}

export interface HostileValues {
  /** Strings a caller could send; the generator mixes them with random garbage. */
  strings: string[];
}

const HUGE = 'x'.repeat(100_000);
const KNOB_VALUE_40KB = '9'.repeat(40 * 1024);

/** Strings no server should take at face value: injection, traversal, huge, control characters, number-like junk. */
export const HOSTILE_STRINGS = [
  '',
  HUGE,
  KNOB_VALUE_40KB,
  "'; DROP TABLE autotune.sessions; --",
  '"; SELECT pg_sleep(30); --',
  "work_mem' = '1GB",
  '../../../../etc/passwd',
  '/etc/shadow',
  '/root/.bashrc',
  '$(touch /tmp/pgat-pwned)',
  '`id`',
  '\u0000\u0001\u0002',
  '\n\r\t',
  '%s%s%s%n',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e-400',
  '0x7fffffff',
  '18446744073709551616',
  '٣٤٥',
  '💥'.repeat(1000),
  'lone \uD800 surrogate',
  'postgres://evil:secret@127.0.0.1:1/x',
  '127.0.0.1:1',
  'evil.invalid:7002',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
];

const NUMBERS: Record<string, number[]> = {
  TYPE_DOUBLE: [NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -0, -1],
  TYPE_FLOAT: [NaN, Infinity, -Infinity, 3.4e38, -1],
  TYPE_UINT32: [0, 4294967295, 2147483648, 100_000],
  TYPE_INT32: [-2147483648, 2147483647, -1, 0],
  TYPE_UINT64: [0, Number.MAX_SAFE_INTEGER, 2 ** 53],
  TYPE_INT64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, -1],
};

/**
 * Every unary and server-streaming RPC of the autotune.v1 services, each with a generator of
 * well-formed but hostile requests (walking the message descriptors: every string field gets
 * one of `values.strings`, every number a boundary, NaN or infinity, repeated fields 0-3 or 300
 * items, knob names from the catalog with values no knob accepts), seeded for reproducibility.
 */
export function hostileRpcTargets(addresses: Record<'Collector' | 'Environment' | 'Discovery' | 'Recommendation', string>, values: HostileValues, seed = 9): RpcTarget[] {
  const definition = loadSync(PROTO_FILES, { ...PROTO_LOADER_OPTIONS, includeDirs: [path.join(__dirname, '..', '..', 'proto')] });
  const generator = new SeededRandom(seed);
  const random = () => generator.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const messages = new Map<string, { fields: DescriptorField[] }>();
  for (const [name, entry] of Object.entries(definition)) {
    const type = (entry as { type?: { field?: DescriptorField[] } }).type;
    if (type?.field) messages.set(name.split('.').at(-1)!, { fields: type.field });
  }
  const strings = [...HOSTILE_STRINGS, ...values.strings];
  const knobNames = [...KNOB_CATALOG.map((k) => k.name), 'fsync', 'full_page_writes', 'archive_command', 'shared_preload_libraries', 'no_such_knob'];
  // Values no catalog knob accepts: a valid-looking number could really change the server.
  const knobValues = [KNOB_VALUE_40KB, HUGE, 'NaN', 'Infinity', '-Infinity', '1e309', '-1e-400', "8MB'; SELECT 1; --", '8MB\n', '', '0x10', '1,5', '999999999999TB', '-99999999'];

  const build = (typeName: string, depth: number): Record<string, unknown> => {
    const message: Record<string, unknown> = {};
    const fields = messages.get(typeName)?.fields ?? [];
    const isKnob = typeName === 'KnobSetting';
    for (const field of fields) {
      const one = (): unknown => {
        if (isKnob && field.name === 'name') return pick(knobNames);
        if (isKnob && field.name === 'value') return pick(knobValues);
        if (field.type === 'TYPE_STRING') return pick(strings);
        if (field.type === 'TYPE_BYTES') return Buffer.from(pick(strings));
        if (field.type === 'TYPE_BOOL') return random() < 0.5;
        if (field.type === 'TYPE_ENUM') return 0;
        if (field.type === 'TYPE_MESSAGE') return depth < 3 ? build(field.typeName.split('.').at(-1)!, depth + 1) : {};
        return pick(NUMBERS[field.type] ?? [0]);
      };
      if (random() < 0.2) continue;
      if (field.label === 'LABEL_REPEATED') {
        const count = random() < 0.05 ? 300 : Math.floor(random() * 4);
        message[field.name] = Array.from({ length: count }, one);
      } else {
        message[field.name] = one();
      }
    }
    return message;
  };

  const targets: RpcTarget[] = [];
  for (const [service, address] of Object.entries(addresses)) {
    const entry = definition[`autotune.v1.${service}`] as Record<string, MethodDefinition<object, object>>;
    for (const method of Object.values(entry)) {
      const requestType = (method.requestType.type as { name: string }).name;
      targets.push({
        address,
        path: method.path,
        serverStream: method.responseStream,
        hostile: () => method.requestSerialize(build(requestType, 0)),
      });
    }
  }
  return targets;
}

const passthrough = (b: Buffer) => b;

/** Sends raw bytes to one RPC with a passthrough serializer and reports how the server answered. */
export function sendRaw(client: grpc.Client, target: RpcTarget, bytes: Buffer, deadlineMs: number): Promise<RpcAnswer> {
  const started = performance.now();
  const deadline = new Date(Date.now() + deadlineMs);
  return new Promise((resolve) => {
    const finish = (code: grpc.status, details: string, body: string) =>
      resolve({ path: target.path, code, details, body, ms: performance.now() - started });
    if (target.serverStream) {
      const call = client.makeServerStreamRequest(target.path, passthrough, passthrough, bytes, { deadline });
      let body = '';
      call.on('data', (chunk: Buffer) => {
        body += chunk.toString('latin1');
        // A watch of a real session would stream until it ends: one event is an answer.
        call.cancel();
      });
      call.on('error', (err: grpc.ServiceError) => finish(err.code, err.details ?? '', body));
      call.on('end', () => finish(grpc.status.OK, '', body));
      return;
    }
    client.makeUnaryRequest(target.path, passthrough, passthrough, bytes, { deadline }, (err, reply) => {
      if (err) finish(err.code, err.details ?? '', '');
      else finish(grpc.status.OK, '', reply?.toString('latin1') ?? '');
    });
  });
}
