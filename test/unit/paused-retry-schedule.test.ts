import { describe, expect, it } from 'vitest';
import { SESSION_CLAIM } from '../../lib/session/session-claim';
import { PausedRetrySchedule, pausedRetryDelayMs } from '../../services/trainer/paused-retry-schedule';

/** A schedule on a clock the test moves. */
function scheduleAt(start = 1_000_000) {
  let now = start;
  const schedule = new PausedRetrySchedule({ now: () => now });
  return { schedule, advance: (ms: number) => (now += ms) };
}

describe('pausedRetryDelayMs', () => {
  it('doubles from 2 s and stays at 60 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => pausedRetryDelayMs(n))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect([SESSION_CLAIM.pausedRetryMs, SESSION_CLAIM.pausedRetryMaxMs]).toEqual([2_000, 60_000]);
  });

  it('never overflows however long the outage', () => {
    expect(pausedRetryDelayMs(10_000)).toBe(60_000);
    expect(pausedRetryDelayMs(2, 100, 250)).toBe(250);
  });
});

describe('PausedRetrySchedule', () => {
  it('asks a session first 2 s after it is seen, then after each failed check twice as long, up to a minute', () => {
    const { schedule, advance } = scheduleAt();
    expect(schedule.due('s1')).toBe(false);
    expect(schedule.waitMs('s1')).toBe(2_000);
    const waits: number[] = [];
    for (let check = 0; check < 8; check++) {
      const wait = schedule.waitMs('s1');
      waits.push(wait);
      advance(wait - 1);
      expect(schedule.due('s1'), `1 ms before check ${check}`).toBe(false);
      advance(1);
      expect(schedule.due('s1')).toBe(true);
      schedule.failed('s1');
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('asks 63 times in an hour of outage, where a fixed 2 s asked 1,800 times', () => {
    const { schedule, advance } = scheduleAt();
    let elapsed = 0;
    let checks = 0;
    for (;;) {
      const wait = schedule.waitMs('s1');
      if (elapsed + wait > 3_600_000) break;
      advance(wait);
      elapsed += wait;
      checks++;
      schedule.failed('s1');
    }
    expect(checks).toBe(63); // 5 checks in the first 62 s, then one a minute
  });

  it('starts again at 2 s once the collector answered, and keeps each session on its own backoff', () => {
    const { schedule, advance } = scheduleAt();
    schedule.waitMs('s1');
    advance(2_000);
    for (let i = 0; i < 4; i++) schedule.failed('s1');
    expect(schedule.waitMs('s1')).toBe(32_000);
    expect(schedule.waitMs('s2')).toBe(2_000);
    schedule.forget('s1');
    expect(schedule.waitMs('s1')).toBe(2_000);
  });

  it('forgets sessions that are no longer paused', () => {
    const { schedule, advance } = scheduleAt();
    schedule.waitMs('gone');
    schedule.waitMs('kept');
    advance(2_000);
    schedule.failed('gone');
    schedule.failed('kept');
    schedule.keepOnly(new Set(['kept']));
    expect(schedule.waitMs('kept')).toBe(4_000);
    expect(schedule.waitMs('gone')).toBe(2_000);
  });

  it('says "still down" once per pause, not per check', () => {
    const { schedule } = scheduleAt();
    const told = [0, 1, 2, 3].map(() => {
      schedule.failed('s1');
      return schedule.tellOnce('s1');
    });
    expect(told).toEqual([true, false, false, false]);
    schedule.forget('s1'); // it answered; a new pause is a new state
    schedule.failed('s1');
    expect(schedule.tellOnce('s1')).toBe(true);
  });
});
