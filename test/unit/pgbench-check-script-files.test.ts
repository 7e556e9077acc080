import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScriptFiles } from '../../services/collector/pgbench/check-script-files';
import { InvalidArgumentError, NotFoundError } from '../../lib/core/errors';

const dir = mkdtempSync(path.join(tmpdir(), 'pgat-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkScriptFiles', () => {
  it('accepts readable files and built-in scripts', async () => {
    const file = path.join(dir, 'ok.sql');
    writeFileSync(file, 'SELECT 1;\n');
    await expect(checkScriptFiles([{ builtin: 'select-only', weight: 1 }, { file, weight: 2 }])).resolves.toBeUndefined();
  });

  it('names the field and the path of a missing file', async () => {
    const missing = path.join(dir, 'missing.sql');
    const check = checkScriptFiles([{ builtin: 'select-only', weight: 1 }, { file: missing, weight: 1 }]);
    await expect(check).rejects.toBeInstanceOf(NotFoundError);
    await expect(checkScriptFiles([{ file: missing, weight: 1 }])).rejects.toThrow(
      `benchmark.scripts[0].file: pgbench script file not found: ${missing}`,
    );
  });

  it('rejects a folder', async () => {
    const check = checkScriptFiles([{ file: dir, weight: 1 }]);
    await expect(check).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(checkScriptFiles([{ file: dir, weight: 1 }])).rejects.toThrow(`benchmark.scripts[0].file: not a regular file: ${dir}`);
  });
});
