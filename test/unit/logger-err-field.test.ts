import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

// The logger writes to fd 2 from its own stream, so it is checked in a child process.
function logInChild(expression: string): { status: number | null; stderr: string } {
  const script = `const { logger } = require('./lib/core/logger'); logger.warn(${expression}, 'something failed'); logger.flush();`;
  const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe('logger: the err field', () => {
  it('takes a message string (err: errorMessage(e)) without throwing, and redacts it', () => {
    const { status, stderr } = logInChild(`{ err: 'connect to postgres://u:hunter2@db/x failed' }`);
    expect(status).toBe(0);
    const line = JSON.parse(stderr.trim().split('\n').at(-1)!) as { err: string; msg: string };
    expect(line.msg).toBe('something failed');
    expect(line.err).toBe('connect to postgres://u@db/x failed');
  });

  it('still serializes an Error with its message and stack redacted', () => {
    const { status, stderr } = logInChild(`{ err: new Error('password=hunter2 refused') }`);
    expect(status).toBe(0);
    const line = JSON.parse(stderr.trim().split('\n').at(-1)!) as { err: { message: string; stack: string } };
    expect(line.err.message).toBe('password=[redacted] refused');
    expect(line.err.stack).not.toContain('hunter2');
  });
});
