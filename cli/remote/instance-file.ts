import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { errorMessage, InvalidArgumentError } from '../../lib/core/errors';
import { serviceAddressProblem } from '../../lib/grpc/service-address';
import { BenchmarkSpecSchema } from '../../lib/session/benchmark-spec';
import { checkInstanceSettings, type InstanceSettingsRequest } from '../../lib/session/instance-settings';
import { checkInstanceTarget, type InstanceTarget } from '../../lib/session/instance-target';

/** YAML's snake_case keys of a mapping, as the proto spells them: the names errors use too. */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const BENCHMARK_KEYS = Object.keys(BenchmarkSpecSchema.shape).map(snake);
const SCRIPT_KEYS = ['builtin', 'file', 'weight'];
const LIMIT_KEYS = ['max_clients', 'max_duration_s', 'max_iterations', 'allow_restart'];

// The range is the library's to check (checkInstanceSettings); here only that it is a number.
const cap = z.number({ error: 'must be a number (0: no cap)' }).optional();
const mapping = (what: string) => z.record(z.string(), z.unknown(), { error: `must be a mapping of ${what}` });

/**
 * An instance file as `pg-autotune register --config FILE` reads it: what RegisterInstance
 * carries. Here the types and keys are checked; the values' rules are the library's
 * (checkInstanceSettings, run here and again by Discovery) and Discovery's (the name), whose
 * answers are mapped back to the line (InstanceFile.problemAt).
 */
const INSTANCE_FILE_SCHEMA = z.strictObject({
  name: z.string({ error: 'must be a string, e.g. name: db-1' }).min(1, 'must not be empty'),
  collector: z
    .string({ error: 'must be a string host:port, e.g. collector: 127.0.0.1:7002' })
    .superRefine((address, ctx) => {
      const problem = serviceAddressProblem(address);
      if (problem) ctx.addIssue({ code: 'custom', message: `the collector's address: ${problem}` });
    })
    .optional(),
  // The DSN's rules (no password, an absolute data_dir) are the library's: checkInstanceTarget.
  target: z.string({ error: 'must be a DSN string, e.g. target: postgresql://postgres@127.0.0.1:5432/app' }).min(1, 'must not be empty').optional(),
  data_dir: z.string({ error: 'must be a string: the absolute path of the server\'s data directory' }).min(1, 'must not be empty').optional(),
  workload: z.union([z.string(), mapping(BENCHMARK_KEYS.join(', '))], { error: 'must be a preset name (e.g. workload: mixed) or a mapping of benchmark keys (clients, duration_s, scripts, ...)' }).optional(),
  knobs: z.array(z.string({ error: 'must be knob or set names' }), { error: 'must be a list of knob or set names, e.g. knobs: [shared_buffers, work_mem]' }).optional(),
  limits: z
    .strictObject(
      {
        max_clients: cap,
        max_duration_s: cap,
        max_iterations: cap,
        allow_restart: z.boolean({ error: 'must be true or false' }).optional(),
      },
      { error: `must be a mapping of ${LIMIT_KEYS.join(', ')}` },
    )
    .optional(),
  labels: z.record(z.string(), z.string({ error: 'label values must be strings (quote numbers and booleans)' }), { error: 'must be a mapping of key: value' }).optional(),
});

/** The file's key of a RegisterInstance request field; the settings' keys are the fields' own. */
const FIELD_KEYS: Readonly<Record<string, string>> = { name: 'name', collector_address: 'collector', target: 'target', data_dir: 'data_dir' };

type FileShape = z.infer<typeof INSTANCE_FILE_SCHEMA>;

/** A checked instance file, able to say where each key was (for the service's answers). */
export interface InstanceFile {
  name: string;
  /** Exactly one of the two: the address of its collector, or the target `serve all` runs a collector for. */
  collector?: string;
  target?: InstanceTarget;
  /** RegisterInstance fields 5-8; empty when the file has none of the keys (the stored ones are kept). */
  settings: InstanceSettingsRequest;
  /** The file's error for a RegisterInstance field (`name`, `collector_address`, `limits.max_clients`, ...) that the service refused, with its line. */
  problemAt(field: string, message: string): InvalidArgumentError;
}

/**
 * Reads and checks an instance file.
 * @throws InvalidArgumentError naming the file, the line and the key of every problem found
 *   (not YAML, not a mapping, a missing, unknown or mistyped key), never the file's other contents.
 */
export function readInstanceFile(path: string): InstanceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidArgumentError('--config', `cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
  return parseInstanceFile(text, path);
}

/** The same for the file's text; `file` names it in messages. */
export function parseInstanceFile(text: string, file: string): InstanceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const lineAt = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  const problem = (line: number, what: string) => new InvalidArgumentError(`${file}:${line}`, what);

  const yamlError = doc.errors[0];
  if (yamlError) {
    // The first line only: the rest quotes the file.
    throw problem(yamlError.linePos?.[0].line ?? 1, `not valid YAML: ${yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  if (!isMap(doc.contents)) {
    throw problem(lineAt(doc.contents?.range[0]), `expected a mapping of keys (${Object.keys(INSTANCE_FILE_SCHEMA.shape).join(', ')})`);
  }
  const lineOf = (path: readonly PropertyKey[]) => lineOfPath(doc, path, lineAt);
  const problems: Problem[] = [];
  const raw = doc.toJS() as Record<string, unknown>;
  const parsed = INSTANCE_FILE_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        const where = issue.path.map(String);
        const allowed = where.length === 0 ? Object.keys(INSTANCE_FILE_SCHEMA.shape) : LIMIT_KEYS;
        for (const key of issue.keys) problems.push({ line: lineOf([...where, key]), text: `unknown key "${[...where, key].join('.')}" (allowed: ${allowed.join(', ')})` });
        continue;
      }
      const key = String(issue.path[0] ?? '');
      const missing = !Object.hasOwn(raw, key);
      problems.push({ line: lineOf(issue.path), text: `${fieldPath(issue.path)}: ${missing ? 'is required' : issue.message}` });
    }
  }
  problems.push(...servedByProblems(raw, lineOf));
  problems.push(...unknownBenchmarkKeys(raw.workload, lineOf));
  // A failed parse always added a problem; the check on both is for the type of parsed.data.
  if (!parsed.success || problems.length > 0) throw joined(problems, file);

  const problemAt = (field: string, message: string): InvalidArgumentError => {
    const path = filePathOf(field);
    return problem(lineOf(path), `${FIELD_KEYS[field] ?? field}: ${message}`);
  };
  const settings = settingsRequest(parsed.data);
  let target: InstanceTarget | undefined;
  try {
    // The library's rules here too, so that every problem gets its line before anything is sent.
    checkInstanceSettings(settings);
    if (parsed.data.target !== undefined) target = checkInstanceTarget({ target: parsed.data.target, dataDir: parsed.data.data_dir });
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw problemAt(err.field, err.message.slice(err.field.length + 2));
    throw err;
  }
  return { name: parsed.data.name, ...(target ? { target } : { collector: parsed.data.collector }), settings, problemAt };
}

/**
 * Who serves the instance: exactly one of collector and target, and data_dir only with a
 * target (a collector found by its address was given its data directory where it runs).
 */
function servedByProblems(raw: Record<string, unknown>, lineOf: (path: readonly PropertyKey[]) => number): Problem[] {
  const has = (key: string) => Object.hasOwn(raw, key);
  if (has('collector') && has('target')) {
    const line = Math.max(lineOf(['collector']), lineOf(['target']));
    return [{ line, text: `${lineOf(['target']) > lineOf(['collector']) ? 'target' : 'collector'}: give either collector (the address of a running collector) or target (a DSN for which \`serve all\` starts one), not both` }];
  }
  if (!has('collector') && !has('target')) {
    return [{ line: lineOf([]), text: 'collector or target: one is required (collector: 10.0.0.12:7002, or target: postgresql://postgres@db-1:5432/app for `serve all` to start a collector)' }];
  }
  if (has('data_dir') && !has('target')) {
    return [{ line: lineOf(['data_dir']), text: 'data_dir: only applies with target (give a collector its data directory with `serve collector --data-dir` where it runs)' }];
  }
  return [];
}

/** The file's settings keys as RegisterInstance fields: camelCase, a preset or a benchmark spec. */
function settingsRequest(data: FileShape): InstanceSettingsRequest {
  const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const camelKeys = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), v]));
  const request: InstanceSettingsRequest = {};
  if (typeof data.workload === 'string') request.workload = { preset: data.workload };
  else if (data.workload) request.workload = { benchmark: camelKeys(data.workload) };
  if (data.knobs) request.knobs = data.knobs;
  if (data.limits) request.limits = camelKeys(data.limits);
  if (data.labels) request.labels = data.labels;
  return request;
}

/** Keys of a workload mapping (and its scripts) that a benchmark spec has not: the schema would drop them silently. */
function unknownBenchmarkKeys(workload: unknown, lineOf: (path: readonly PropertyKey[]) => number): Problem[] {
  if (workload === null || typeof workload !== 'object' || Array.isArray(workload)) return [];
  const problems: Problem[] = [];
  for (const key of Object.keys(workload)) {
    if (!BENCHMARK_KEYS.includes(key)) problems.push({ line: lineOf(['workload', key]), text: `unknown key "workload.${key}" (allowed: ${BENCHMARK_KEYS.join(', ')})` });
  }
  const { scripts: given } = workload as { scripts?: unknown };
  const scripts: unknown[] = Array.isArray(given) ? given : [];
  scripts.forEach((script, i) => {
    if (script === null || typeof script !== 'object') return;
    for (const key of Object.keys(script)) {
      if (!SCRIPT_KEYS.includes(key)) problems.push({ line: lineOf(['workload', 'scripts', i, key]), text: `unknown key "workload.scripts[${i}].${key}" (allowed: ${SCRIPT_KEYS.join(', ')})` });
    }
  });
  return problems;
}

/** `workload.benchmark.scripts[0].weight` -> ['workload', 'scripts', 0, 'weight']: the file writes a benchmark or preset directly under workload. */
function filePathOf(field: string): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (const part of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(part[2] === undefined ? part[1]! : Number(part[2]));
  if (path[0] === 'workload' && (path[1] === 'benchmark' || path[1] === 'preset')) path.splice(1, 1);
  if (typeof path[0] === 'string' && FIELD_KEYS[path[0]]) path[0] = FIELD_KEYS[path[0]];
  return path;
}

/** ['knobs', 1] -> knobs[1], ['limits', 'max_clients'] -> limits.max_clients */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

/**
 * The line of the deepest node of `path` the file has: a mapping's key, a list's item. The
 * mapping's first line when even the first key is not there (a missing key).
 */
function lineOfPath(doc: Document, path: readonly PropertyKey[], lineAt: (offset: number | undefined) => number): number {
  let node: unknown = doc.contents;
  let line = lineAt((node as { range?: [number] } | null)?.range?.[0]);
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === String(step));
      if (!pair) break;
      line = lineAt((pair.key as { range?: [number] } | null)?.range?.[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step];
      line = lineAt((node as { range?: [number] }).range?.[0]);
    } else {
      break;
    }
  }
  return line;
}

interface Problem {
  line: number;
  text: string;
}

/** Every problem in one error (one line), in file order: the first names the field, the others follow. */
function joined(problems: Problem[], file: string): InvalidArgumentError {
  const [first, ...others] = [...problems].sort((a, b) => a.line - b.line);
  return new InvalidArgumentError(`${file}:${first!.line}`, [first!.text, ...others.map((p) => `${file}:${p.line}: ${p.text}`)].join('; '));
}
