/**
 * A binary sum tree over `capacity` non-negative weights: set a weight and draw an index
 * proportionally to its weight, both in O(log capacity).
 *
 * Layout (shared with the Lua of redis-replay-scripts.ts so that both buffers draw the same
 * indices from the same random numbers): a 1-based heap of `2 * leafCount` float64 nodes,
 * `leafCount` the power of two at or above capacity; node i has children 2i and 2i+1, leaf
 * `leafCount + index` holds the weight of `index`, node 0 is unused. Parents are recomputed
 * as left + right on every update, never adjusted by a delta, so rounding does not drift.
 */
export class SumTree {
  readonly leafCount: number;
  private readonly nodes: Float64Array;

  constructor(capacity: number) {
    this.leafCount = sumTreeLeafCount(capacity);
    this.nodes = new Float64Array(2 * this.leafCount);
  }

  get total(): number {
    return this.nodes[1];
  }

  get(index: number): number {
    return this.nodes[this.leafCount + index];
  }

  set(index: number, weight: number): void {
    let node = this.leafCount + index;
    this.nodes[node] = weight;
    while (node > 1) {
      node >>= 1;
      this.nodes[node] = this.nodes[2 * node] + this.nodes[2 * node + 1];
    }
  }

  /**
   * The index whose cumulative weight range holds `target` (0 <= target < total). A child
   * whose sum is zero is never entered, so rounding at a boundary cannot land on an empty
   * leaf.
   */
  find(target: number): number {
    let node = 1;
    while (node < this.leafCount) {
      const left = this.nodes[2 * node];
      const right = this.nodes[2 * node + 1];
      if (target < left || right <= 0) {
        node = 2 * node;
      } else {
        target -= left;
        node = 2 * node + 1;
      }
    }
    return node - this.leafCount;
  }

  clear(): void {
    this.nodes.fill(0);
  }
}

export function sumTreeLeafCount(capacity: number): number {
  let leaves = 1;
  while (leaves < capacity) leaves *= 2;
  return leaves;
}
