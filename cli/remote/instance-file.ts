import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { errorMessage, InvalidArgumentError } from '../../lib/core/errors';
import { serviceAddressProblem } from '../../lib/grpc/service-address';

/**
 * An instance file as `pg-autotune register --config FILE` reads it: exactly what
 * RegisterInstance carries. The instance name's own rule is Discovery's (its answer is mapped
 * back to the line, see InstanceFile.lineOfField).
 */
const INSTANCE_FILE_SCHEMA = z.strictObject({
  name: z.string({ error: 'must be a string, e.g. name: db-1' }).min(1, 'must not be empty'),
  collector: z.string({ error: 'must be a string host:port, e.g. collector: 127.0.0.1:7002' }).superRefine((address, ctx) => {
    const problem = serviceAddressProblem(address);
    if (problem) ctx.addIssue({ code: 'custom', message: `the collector's address: ${problem}` });
  }),
});

/** Keys of the instance file in issue 8 that RegisterInstance does not carry (yet), and what to do instead. */
const NOT_CARRIED: Readonly<Record<string, string>> = {
  target:
    "a DSN needs `pg-autotune serve all` on the server's host, which starts its collector and registers it itself (`serve all --target DSN --name NAME`, or `serve collector --target DSN --register DISCOVERY --name NAME`); register takes only `collector`",
  workload: 'is not kept with the instance (RegisterInstance carries only name and collector): give it per session, `pg-autotune sessions start NAME --workload ...`',
  knobs: 'are not kept with the instance (RegisterInstance carries only name and collector): give them per session, `pg-autotune sessions start NAME --knobs ...`',
  limits: 'per-instance limits are not carried by RegisterInstance: the collector derives the safe ranges from the host it runs on',
  labels: 'are not carried by RegisterInstance yet',
};

/** The RegisterInstance request fields, by the file's key they come from. */
const FIELD_KEYS: Readonly<Record<string, keyof InstanceFileContent>> = { name: 'name', collector_address: 'collector' };

export type InstanceFileContent = z.infer<typeof INSTANCE_FILE_SCHEMA>;

/** A checked instance file, able to say where each key was (for the service's answers). */
export interface InstanceFile extends InstanceFileContent {
  /** The file's error for a RegisterInstance field (`name`, `collector_address`) that the service refused, with its line. */
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
    throw problem(lineAt(doc.contents?.range[0]), 'expected a mapping of keys (name, collector)');
  }
  const keyLine = (key: string) => lineOfKey(doc, key, lineAt);
  const problems: Problem[] = [];
  const raw = doc.toJS() as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (Object.hasOwn(NOT_CARRIED, key)) problems.push({ line: keyLine(key), text: `${key}: ${NOT_CARRIED[key]}` });
  }
  const rest = Object.fromEntries(Object.entries(raw).filter(([key]) => !Object.hasOwn(NOT_CARRIED, key)));
  const parsed = INSTANCE_FILE_SCHEMA.safeParse(rest);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ line: keyLine(key), text: `unknown key "${key}" (allowed: ${Object.keys(INSTANCE_FILE_SCHEMA.shape).join(', ')})` });
        continue;
      }
      const key = String(issue.path[0] ?? '');
      const missing = !Object.hasOwn(raw, key);
      problems.push({ line: keyLine(key), text: `${key}: ${missing ? 'is required' : issue.message}` });
    }
  }
  // A failed parse always added a problem; the check on both is for the type of parsed.data.
  if (!parsed.success || problems.length > 0) throw joined(problems, file);
  return {
    ...parsed.data,
    problemAt: (field, message) => {
      const key = FIELD_KEYS[field];
      return key ? problem(keyLine(key), `${key}: ${message}`) : new InvalidArgumentError(file, `${field}: ${message}`);
    },
  };
}

/** The line of `key` in the top-level mapping; the mapping's first line when it is not there (a missing key). */
function lineOfKey(doc: Document, key: string, lineAt: (offset: number | undefined) => number): number {
  const map = doc.contents;
  if (!isMap(map)) return 1;
  const pair = map.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === key);
  const node = (pair?.key ?? map) as { range?: [number, number, number] };
  return lineAt(node.range?.[0]);
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
