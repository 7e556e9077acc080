import { InvalidArgumentError } from '../core/errors';

/** One pair's reference: the reference runs it was interpolated from, with their weights (summing to 1). */
export type PairReference = ReadonlyArray<{ run: number; weight: number }>;

/**
 * How much the variance of a mean of paired differences exceeds what their sample variance
 * suggests when pairs share reference runs. Pair i is d_i = b_i - sum_j w_ij a_j, where every
 * run carries independent noise of one variance s^2 (drift removed by the interpolation). Then
 * Cov(d) = s^2 M with M = I + W W^T, so
 *   Var(mean d) = s^2 1'M1 / n^2   and   E[sample variance] = s^2 tr(C M) / (n - 1),
 * C = I - 11'/n the centring matrix. Their ratio,
 *   deff = (n - 1) 1'M1 / (n tr(C M)),
 * multiplies sample variance / n to give an unbiased variance of the mean. It is 1 when no two
 * pairs share a run, n + 1 when all pairs share one reference run; bracketed rounds that lean
 * on the same baseline run from both sides (B1 last in one round, first in the next) give
 * about 1.2-1.4. Needs n >= 2.
 */
export function pairedDesignEffect(references: readonly PairReference[]): number {
  const n = references.length;
  if (n < 2) throw new InvalidArgumentError('references', `needs at least 2 pairs, got ${n}`);
  // Column sums of W (how much each reference run weighs in the total) and squared row norms.
  const columnSum = new Map<number, number>();
  let rowSquares = 0;
  for (const reference of references) {
    for (const { run, weight } of reference) {
      columnSum.set(run, (columnSum.get(run) ?? 0) + weight);
      rowSquares += weight * weight;
    }
  }
  let oneMOne = n; // 1'I1
  for (const sum of columnSum.values()) oneMOne += sum * sum; // 1'WW'1 = |W'1|^2
  const traceM = n + rowSquares;
  const traceCM = traceM - oneMOne / n;
  return ((n - 1) * oneMOne) / (n * traceCM);
}
