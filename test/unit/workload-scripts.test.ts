import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allowedScriptSpec, type WorkloadScriptPolicy } from '../../services/collector/pgbench/workload-scripts';

const root = mkdtempSync(path.join(tmpdir(), 'pgat-workloads-'));
const folder = path.join(root, 'allowed');
const outside = path.join(root, 'outside');
mkdirSync(folder);
mkdirSync(outside);
writeFileSync(path.join(folder, 'ok.sql'), 'SELECT 1;\n');
writeFileSync(path.join(folder, 'shell.sql'), 'SELECT 1; \\SetShell x echo 1\n');
writeFileSync(path.join(folder, 'notes.txt'), 'SELECT 1;\n');
writeFileSync(path.join(outside, 'secret.sql'), 'TOPSECRET\n');
symlinkSync(path.join(outside, 'secret.sql'), path.join(folder, 'escape.sql'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const policy: WorkloadScriptPolicy = { folders: [folder], allowShell: false };
const spec = (file: string) => ({ durationS: 5, scripts: [{ builtin: 'select-only' }, { file }] });
const refusal = async (file: string, p = policy) => {
  try {
    await allowedScriptSpec(spec(file), p);
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error(`expected ${file} to be refused`);
};

describe('allowedScriptSpec', () => {
  it('takes a .sql file in a workload folder, by absolute path or by name, as its real path', async () => {
    const byName = await allowedScriptSpec(spec('ok.sql'), policy);
    expect(byName.scripts![1]!.file).toBe(path.join(folder, 'ok.sql'));
    expect((await allowedScriptSpec(spec(path.join(folder, 'ok.sql')), policy)).scripts![0]).toEqual({ builtin: 'select-only' });
  });

  it('answers a missing file and every forbidden one alike, with nothing of their content', async () => {
    const missing = await refusal(path.join(folder, 'nope.sql'));
    expect(missing.code).toBe('INVALID_ARGUMENT');
    const template = missing.message.replace(path.join(folder, 'nope.sql'), 'PATH');
    for (const file of [path.join(outside, 'secret.sql'), path.join(folder, 'escape.sql'), path.join(folder, 'notes.txt'), '/etc/passwd', folder, '../outside/secret.sql']) {
      const err = await refusal(file);
      expect(err.code).toBe(missing.code);
      expect(err.message.replace(file, 'PATH')).toBe(template);
      expect(err.message).not.toContain('TOPSECRET');
    }
  });

  it('refuses \\shell and \\setshell unless the operator allows them', async () => {
    expect((await refusal('shell.sql')).message).toMatch(/benchmark\.scripts\[1\]\.file: .*--allow-shell-scripts/);
    await expect(allowedScriptSpec(spec('shell.sql'), { ...policy, allowShell: true })).resolves.toBeDefined();
  });
});
