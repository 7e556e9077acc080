import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { InvalidArgumentError, NotFoundError } from '../../../lib/core/errors';
import type { ResolvedScript } from '../../../lib/session/benchmark-spec';

/**
 * Checks that every custom script file exists and is a readable regular file, before any
 * pgbench starts: pgbench's own "could not open file" would otherwise come after a warm-up
 * run, and without the field that named the file.
 *
 * @throws NotFoundError when a file does not exist; InvalidArgumentError when it is not a
 * regular file or cannot be read. Both name the field and the path.
 */
export async function checkScriptFiles(scripts: readonly ResolvedScript[]): Promise<void> {
  for (const [i, script] of scripts.entries()) {
    if (!('file' in script)) continue;
    const field = `benchmark.scripts[${i}].file`;
    let isFile: boolean;
    try {
      isFile = (await stat(script.file)).isFile();
      await access(script.file, constants.R_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new NotFoundError(`${field}: pgbench script file not found: ${script.file}`, { cause: err });
      }
      throw new InvalidArgumentError(field, `cannot read pgbench script file ${script.file} (${code ?? 'error'})`, { cause: err });
    }
    if (!isFile) throw new InvalidArgumentError(field, `not a regular file: ${script.file}`);
  }
}
