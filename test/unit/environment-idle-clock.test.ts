import { describe, expect, it } from 'vitest';
import { IdleClock } from '../../services/environment/idle-clock';

describe('IdleClock', () => {
  it('calls an environment idle once unused for the idle time, counting from the end of its last call', async () => {
    let now = 0;
    const clock = new IdleClock(1000, () => now);
    clock.add('a');
    clock.add('b');
    now = 999;
    expect(clock.idle()).toEqual([]);
    await clock.during('b', async () => {
      now = 1500;
    });
    expect(clock.idle()).toEqual(['a']);
    now = 2499;
    expect(clock.idle()).toEqual(['a']);
    now = 2500;
    expect(clock.idle()).toEqual(['a', 'b']);
    clock.remove('a');
    expect(clock.idle()).toEqual(['b']);
  });

  it('never calls an environment idle while one of its calls runs, however long', async () => {
    let now = 0;
    const clock = new IdleClock(1000, () => now);
    clock.add('a');
    let release!: () => void;
    const running = clock.during('a', () => new Promise<void>((resolve) => (release = resolve)));
    now = 10_000;
    expect(clock.idle()).toEqual([]);
    release();
    await running;
    expect(clock.idle()).toEqual([]);
    now = 11_000;
    expect(clock.idle()).toEqual(['a']);
  });

  it('counts a call that failed as a use', async () => {
    let now = 0;
    const clock = new IdleClock(1000, () => now);
    clock.add('a');
    await expect(clock.during('a', async () => {
      now = 5000;
      throw new Error('step failed');
    })).rejects.toThrow('step failed');
    now = 5999;
    expect(clock.idle()).toEqual([]);
  });
});
