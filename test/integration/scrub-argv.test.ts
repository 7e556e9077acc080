import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

// A real process: what `ps` and /proc/PID/cmdline show is the process's own argv memory.
describe('scrubArgv', () => {
  it('removes a DSN password from what other users see of the command line, and says how to avoid it', async () => {
    const script = `require(${JSON.stringify(path.join(ROOT, 'cli/scrub-argv.ts'))}).scrubArgv(process.argv, (l) => process.stderr.write(l + '\\n')); process.stderr.write('ready\\n'); setTimeout(() => {}, 10000);`;
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script, 'tune', '--target', 'postgres://app:Top%40Secret-pw@db:5432/shop'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('ready')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    try {
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      expect(cmdline).toContain('postgres://app@db:5432/shop');
      expect(cmdline).not.toContain('Secret');
      expect(stderr).toMatch(/a password on the command line can be read by other local users; pass it in PGPASSWORD or a passfile/);
    } finally {
      child.kill();
    }
  });
});
