import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BenchmarkSpec } from '../../../proto/generated/autotune/v1/BenchmarkSpec';
import { InvalidArgumentError } from '../../../lib/core/errors';
import { packageRoot } from '../../../lib/core/package-root';

/** Which custom pgbench scripts a collector runs: the operator's choice, fixed at start-up. */
export interface WorkloadScriptPolicy {
  /** Folders a script file must be in (after following every symlink). */
  folders: readonly string[];
  /** Allow `\shell` and `\setshell`, which run commands on the collector's host. */
  allowShell: boolean;
}

/** The project's own sample scripts; `--workloads DIR` adds folders. */
export function defaultWorkloadFolders(): string[] {
  return [path.join(packageRoot(), 'workloads')];
}

// pgbench reads the whole file at start; a script is a few lines, so anything past this is
// not a script someone wrote.
const MAX_SCRIPT_BYTES = 1024 * 1024;
// Anywhere in the file, not only at a line's start: pgbench's lexer takes a meta-command after
// a statement on the same line, and case does not matter to it.
const SHELL_COMMAND = /\\(?:set)?shell/i;

/**
 * The spec with each custom script replaced by its real path, once it is known to be a
 * readable regular `.sql` file inside a workload folder (a relative name is looked up in each
 * folder in turn) and, unless the policy allows them, free of `\shell` and `\setshell`.
 *
 * A file that is missing, unreadable, outside the folders, not `.sql` or behind a symlink out
 * of them gets one and the same answer, so the answer never tells whether a path exists; no
 * answer carries anything of a file's content.
 *
 * @throws InvalidArgumentError naming `benchmark.scripts[i].file`.
 */
export async function allowedScriptSpec(spec: BenchmarkSpec, policy: WorkloadScriptPolicy): Promise<BenchmarkSpec> {
  const folders = await realFolders(policy.folders);
  const scripts = [];
  for (const [i, script] of (spec.scripts ?? []).entries()) {
    const given = script.file?.trim() ?? '';
    if (!given) {
      scripts.push(script);
      continue;
    }
    const field = `benchmark.scripts[${i}].file`;
    const file = await findAllowed(given, folders);
    if (file === undefined) {
      throw new InvalidArgumentError(
        field,
        `no pgbench script ${JSON.stringify(given.slice(0, 200))} in the workload folders (${policy.folders.join(', ')}): ` +
          'a custom script must be a readable .sql file there (the collector adds folders with --workloads DIR)',
      );
    }
    if ((await stat(file)).size > MAX_SCRIPT_BYTES) {
      throw new InvalidArgumentError(field, `${JSON.stringify(given)} is larger than ${MAX_SCRIPT_BYTES / 1024} KiB`);
    }
    if (!policy.allowShell && SHELL_COMMAND.test(await readFile(file, 'utf8'))) {
      throw new InvalidArgumentError(
        field,
        `${JSON.stringify(given)} uses \\shell or \\setshell, which run commands on the collector's host; ` +
          'the collector allows them only when started with --allow-shell-scripts',
      );
    }
    scripts.push({ ...script, file });
  }
  return { ...spec, scripts };
}

async function realFolders(folders: readonly string[]): Promise<string[]> {
  const real: string[] = [];
  for (const folder of folders) {
    try {
      real.push(await realpath(folder));
    } catch {
      // A configured folder that does not exist (yet) admits nothing.
    }
  }
  return real;
}

async function findAllowed(given: string, folders: readonly string[]): Promise<string | undefined> {
  const candidates = path.isAbsolute(given) ? [given] : folders.map((f) => path.resolve(f, given));
  for (const candidate of candidates) {
    let real: string;
    try {
      real = await realpath(candidate);
      if (!(await stat(real)).isFile()) continue;
      await access(real, constants.R_OK);
    } catch {
      continue;
    }
    const inside = folders.some((folder) => {
      const relative = path.relative(folder, real);
      return relative !== '' && relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
    });
    if (inside && path.extname(real).toLowerCase() === '.sql') return real;
  }
  return undefined;
}
