/**
 * The p-th percentile of ascending `sorted` values by the nearest-rank method: the smallest
 * value with at least p% of the values at or below it. It always returns a value that was
 * observed (a latency some transaction really had), never an interpolation between two.
 *
 * @throws RangeError when `sorted` is empty or p is outside 0..100.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in 0..100, got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}
