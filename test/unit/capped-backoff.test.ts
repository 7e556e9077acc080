import { describe, expect, it } from 'vitest';
import { cappedBackoffMs } from '../../lib/core/capped-backoff';

describe('cappedBackoffMs: the one retry backoff (registration, target collectors, paused sessions)', () => {
  it('starts at firstMs, doubles with each retry and stays at maxMs', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((retry) => cappedBackoffMs(retry, 2_000, 60_000))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('never overflows, however many retries, and treats a negative count as the first retry', () => {
    expect(cappedBackoffMs(1e9, 1_000, 30_000)).toBe(30_000);
    expect(cappedBackoffMs(1e9, 0, 30_000)).toBe(0);
    expect(cappedBackoffMs(-1, 1_000, 30_000)).toBe(1_000);
  });
});
