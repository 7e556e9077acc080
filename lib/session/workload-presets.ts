import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { WorkloadScript } from '../../proto/generated/autotune/v1/WorkloadScript';
import { InvalidArgumentError } from '../core/errors';
import { packageRoot } from '../core/package-root';
import { SANDBOX_LIMITS } from '../postgres/sandbox';
import { parseRequest } from './parse-request';
import { integerIn } from './schema-fields';
import { BENCHMARK_LIMITS, BUILTIN_SCRIPTS } from './session-limits';

/**
 * A named workload (`tune --preset NAME`): the pgbench scripts with their weights, the
 * clients to run them with and the pgbench scale they are meant for. The presets live as
 * data in workloads/workloads.json (documented in workloads/README.md); script files are
 * named relative to that folder and come back as absolute paths, as the collector reads them.
 */
export interface WorkloadPreset {
  name: string;
  description: string;
  scripts: WorkloadScript[];
  clients: number;
  /** The pgbench scale the workload is meant for: a new or reloaded sandbox takes it. */
  scale: number;
}

const PRESET_NAME = /^[a-z][a-z0-9-]{0,39}$/;
// A file beside workloads.json: no folder, no way out of it.
const SCRIPT_FILE = /^[a-z0-9][a-z0-9_-]*\.sql$/;

const PresetScriptSchema = z.union(
  [
    z.strictObject({ builtin: z.enum(BUILTIN_SCRIPTS), weight: integerIn(BENCHMARK_LIMITS.weight) }),
    z.strictObject({
      file: z.string().regex(SCRIPT_FILE, { error: 'must be a .sql file name in workloads/ (lower case, no folder)' }),
      weight: integerIn(BENCHMARK_LIMITS.weight),
    }),
  ],
  { error: `must be { builtin: ${BUILTIN_SCRIPTS.join(' | ')}, weight } or { file: NAME.sql, weight }` },
);

const PresetSchema = z.strictObject({
  name: z.string().regex(PRESET_NAME, { error: 'must be lower-case letters, digits and -, starting with a letter' }),
  description: z.string().min(1).max(200),
  scripts: z.array(PresetScriptSchema).min(1).max(BENCHMARK_LIMITS.scripts),
  clients: integerIn(BENCHMARK_LIMITS.clients),
  scale: integerIn(SANDBOX_LIMITS.scale),
});

export const WorkloadPresetsSchema = z
  .strictObject({
    format: z.literal('pg-autotune-workloads/v1'),
    presets: z.array(PresetSchema).min(1),
  })
  .superRefine((doc, ctx) => {
    doc.presets.forEach((p, i) => {
      if (doc.presets.findIndex((q) => q.name === p.name) !== i) ctx.addIssue({ code: 'custom', path: ['presets', i, 'name'], message: `"${p.name}" is defined twice` });
    });
  });

/** The folder of the shipped presets and their scripts. */
export function workloadsDir(): string {
  return path.join(packageRoot(), 'workloads');
}

/**
 * The presets of a workloads.json text, validated, with script files made absolute under `dir`.
 *
 * @throws InvalidArgumentError naming the field (`presets[1].scripts[0].weight`, ...).
 */
export function parseWorkloadPresets(text: string, dir: string): WorkloadPreset[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgumentError('workloads.json', `is not JSON: ${(err as Error).message}`);
  }
  const doc = parseRequest(WorkloadPresetsSchema, json, 'workloads.json');
  return doc.presets.map((p) => ({
    ...p,
    scripts: p.scripts.map((s) => ('file' in s ? { file: path.join(dir, s.file), weight: s.weight } : { builtin: s.builtin, weight: s.weight })),
  }));
}

/** The shipped presets (workloads/workloads.json). */
export function loadWorkloadPresets(dir = workloadsDir()): WorkloadPreset[] {
  const presets = parseWorkloadPresets(readFileSync(path.join(dir, 'workloads.json'), 'utf8'), dir);
  for (const preset of presets) {
    for (const script of preset.scripts) {
      if (script.file && !existsSync(script.file)) throw new InvalidArgumentError(`workloads.json: ${preset.name}`, `script ${script.file} is missing`);
    }
  }
  return presets;
}

/**
 * The shipped preset called `name`.
 *
 * @throws InvalidArgumentError naming `field` and the presets there are.
 */
export function findWorkloadPreset(name: string, field = 'preset', presets = loadWorkloadPresets()): WorkloadPreset {
  const preset = presets.find((p) => p.name === name);
  if (!preset) throw new InvalidArgumentError(field, `${JSON.stringify(name)} is not a workload preset; allowed: ${presets.map((p) => p.name).join(', ')}`);
  return preset;
}
