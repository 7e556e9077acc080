import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LOCK = path.join(__dirname, '..', '..', 'dist', 'services', 'collector', 'state-record-lock.js');

/**
 * One real process that takes the lock of `record` at `atMs`, says "won" or its refusal, and holds the
 * lock 1.5 s (alive, as a collector would be) before it exits without letting it go.
 */
function contender(record: string, stateDir: string, atMs: number): Promise<string> {
  // All start at the same instant (a spin for the last 30 ms): node's start-up would otherwise stagger them.
  const script = `
    const { StateRecordLock } = require(${JSON.stringify(LOCK)});
    const go = () => StateRecordLock.acquire(${JSON.stringify(record)}, ${JSON.stringify(stateDir)})
      .then(() => { console.log('won'); setTimeout(() => process.exit(0), 1500); })
      .catch((err) => { console.log(err.message); process.exit(3); });
    setTimeout(() => { while (Date.now() < ${atMs}); go(); }, ${atMs} - 30 - Date.now());`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', () => resolve(out.trim()));
  });
}

describe('the state record lock, between real processes (dist/: npm run build first)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgat-lock-'));
  const record = path.join(dir, 'original-1.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('of six newcomers on the lock of a process that is gone, exactly one takes it over, every round', async () => {
    for (let round = 0; round < 5; round++) {
      // A lock left by a process that exited without letting it go (as after kill -9).
      const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
      writeFileSync(`${record}.lock`, `${JSON.stringify({ pid: Number(gone.stdout.trim()), startTime: '1', bootId: 'x' })}\n`);
      const atMs = Date.now() + 3000;
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => contender(record, dir, atMs)));
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o !== 'won')) expect(o).toMatch(new RegExp(`^another collector \\(pid \\d+\\) is running for this server with state dir ${dir}:`));
      // No takeover marker is left behind.
      expect(readdirSync(dir).filter((f) => f.includes('takeover'))).toEqual([]);
    }
  });

  it('a lock whose pid lives but started at another time (a reused pid) is stale', async () => {
    writeFileSync(`${record}.lock`, `${JSON.stringify({ pid: process.pid, startTime: '1', bootId: 'x' })}\n`);
    expect(await contender(record, dir, Date.now() + 1000)).toBe('won');
  });
});
