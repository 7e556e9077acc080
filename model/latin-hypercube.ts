import { SeededRandom } from './seeded-random';

/**
 * `count` points of a Latin hypercube in [-1, 1]^dim: along every axis each of the `count`
 * equal strata holds exactly one point. The first tuning steps use it so that the replay
 * buffer starts out covering the action box instead of a clump around the initial policy.
 */
export function latinHypercube(count: number, dim: number, random: SeededRandom): Float32Array[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  const points = Array.from({ length: count }, () => new Float32Array(dim));
  for (let d = 0; d < dim; d++) {
    const strata = shuffledRange(count, random);
    for (let i = 0; i < count; i++) {
      const u = (strata[i] + random.next()) / count; // uniform inside its stratum
      points[i][d] = 2 * u - 1;
    }
  }
  return points;
}

/** 0..n-1 in a random order (Fisher-Yates). */
function shuffledRange(n: number, random: SeededRandom): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
