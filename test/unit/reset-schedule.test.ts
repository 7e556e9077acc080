import { describe, expect, it } from 'vitest';
import { ResetSchedule } from '../../services/collector/reset-schedule';

const plan = (every: number, runs: number, schedule = new ResetSchedule()) => Array.from({ length: runs }, () => schedule.next(every));

describe('ResetSchedule', () => {
  it('resets before the first run and then before every N-th run', () => {
    expect(plan(1, 4)).toEqual([true, true, true, true]);
    expect(plan(3, 7)).toEqual([true, false, false, true, false, false, true]);
  });

  it('after a reset that did not happen, the next run asks again', () => {
    const schedule = new ResetSchedule();
    expect(plan(3, 2, schedule)).toEqual([true, false]);
    schedule.forget();
    expect(plan(3, 2, schedule)).toEqual([true, false]);
  });
});
