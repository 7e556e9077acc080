/**
 * The wait before retry number `retry` (0: the first retry) of something that keeps failing:
 * firstMs, doubling with each retry, never more than maxMs. The exponent is capped so a retry
 * count of months never overflows to Infinity (or NaN with a firstMs of 0).
 */
export function cappedBackoffMs(retry: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(retry, 0), 30));
}
