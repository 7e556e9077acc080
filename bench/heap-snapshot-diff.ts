/**
 * What grew between two V8 heap snapshots (bench:continuous's --heap-snapshots): the summed
 * self size (not the retained size, which is not computed) of each snapshot by node type, then the (type, constructor) groups whose size
 * changed most. Our leaks show up as objects, arrays or closures of a constructor of ours;
 * V8's own growth as code and the weak lists it keeps for it.
 *
 * `node dist/bench/heap-snapshot-diff.js BEFORE.heapsnapshot AFTER.heapsnapshot [--top N]` after
 * `npm run build` (a snapshot of a 30 MB heap needs about 1 GB to parse: add
 * --max-old-space-size=2000 before the script if node runs out).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count per group key. */
type Groups = Map<string, { count: number; size: number }>;

/** V8's weak lists (dependent code, script lists) are "hidden" nodes: named apart, they are what the JIT grows. */
const WEAK_LIST = 'system / WeakArrayList';

function groupsOf(file: string): { byType: Groups; byConstructor: Groups } {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshotFile;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const stride = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const byType: Groups = new Map();
  const byConstructor: Groups = new Map();
  const add = (groups: Groups, key: string, size: number) => {
    const group = groups.get(key) ?? { count: 0, size: 0 };
    group.count += 1;
    group.size += size;
    groups.set(key, group);
  };
  for (let i = 0; i < snapshot.nodes.length; i += stride) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const name = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    const size = snapshot.nodes[i + sizeAt]!;
    // A string's or number's name is its value: one group for all of them.
    const valueLike = type.includes('string') || type === 'number';
    add(byType, type === 'hidden' && name === WEAK_LIST ? 'weak lists' : valueLike && type !== 'number' ? 'string' : type, size);
    add(byConstructor, `${type} ${valueLike ? `(${type})` : name.slice(0, 60)}`, size);
  }
  return { byType, byConstructor };
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function main(): void {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { top: { type: 'string' } } });
  const top = Number(values.top ?? 25);
  if (positionals.length !== 2 || !Number.isInteger(top) || top < 1) {
    throw new Error('usage: heap-snapshot-diff BEFORE.heapsnapshot AFTER.heapsnapshot [--top N (an integer >= 1)]');
  }
  const [before, after] = positionals.map(groupsOf) as [ReturnType<typeof groupsOf>, ReturnType<typeof groupsOf>];
  for (const [label, groups] of [[positionals[0], before.byType], [positionals[1], after.byType]] as const) {
    const sorted = [...groups.entries()].sort((a, b) => b[1].size - a[1].size);
    console.log(`${label}: ${sorted.map(([type, g]) => `${type} ${kb(g.size)}`).join(', ')} (KB)`);
  }
  const keys = new Set([...before.byConstructor.keys(), ...after.byConstructor.keys()]);
  const changes = [...keys].map((key) => {
    const a = before.byConstructor.get(key) ?? { count: 0, size: 0 };
    const b = after.byConstructor.get(key) ?? { count: 0, size: 0 };
    return { key, size: b.size - a.size, count: b.count - a.count };
  });
  const total = changes.reduce((s, c) => s + c.size, 0);
  console.log(`self size ${total >= 0 ? '+' : ''}${kb(total)} KB; largest changes (KB, count, type and constructor):`);
  for (const c of changes.sort((a, b) => Math.abs(b.size) - Math.abs(a.size)).slice(0, top)) {
    console.log(`${c.size >= 0 ? '+' : ''}${kb(c.size)}  ${c.count >= 0 ? '+' : ''}${c.count}  ${c.key}`);
  }
}

try {
  main();
} catch (err: unknown) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
