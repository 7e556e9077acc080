import type { LatencyStats__Output } from '../../../proto/generated/autotune/v1/LatencyStats';

// Latencies below this many microseconds are counted exactly, one bucket per microsecond.
const EXACT_LIMIT_US = 1024;
// Above, buckets grow geometrically: 2^(1/256) apart, so a bucket's midpoint is within
// 2^(1/512) - 1 = 0.14% of every latency in it.
const BUCKETS_PER_DOUBLING = 256;
// 2^30 times the exact limit: about 12 days, past any run; longer latencies share the last bucket.
const DOUBLINGS = 30;

/**
 * The latencies of one run in bounded memory (about 70 KB whatever the run's length), streamed
 * in from pgbench's per-transaction log instead of kept one number per transaction.
 *
 * Accuracy, in the order of what the report uses: count, mean, population standard deviation
 * (pgbench's own) and max are exact; percentiles are nearest-rank (the smallest latency with
 * at least p% of transactions at or below it) and exact below 1,024 µs; above, they are the
 * midpoint of the 0.27%-wide bucket holding that latency, within 0.14% of it, and never past
 * the max observed.
 */
export class LatencyHistogram {
  private readonly exact = new Float64Array(EXACT_LIMIT_US);
  private readonly geometric = new Float64Array(DOUBLINGS * BUCKETS_PER_DOUBLING);
  private n = 0;
  private mean = 0;
  // Sum of squared deviations from the running mean (Welford): no cancellation on long runs.
  private squares = 0;
  private maxUs = 0;

  static of(latenciesUs: Iterable<number>): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const us of latenciesUs) histogram.add(us);
    return histogram;
  }

  get count(): number {
    return this.n;
  }

  /** @throws RangeError for a negative or non-finite latency (a log we misread). */
  add(us: number): void {
    if (!(us >= 0 && Number.isFinite(us))) throw new RangeError(`a latency must be a finite number of microseconds >= 0, got ${us}`);
    if (us < EXACT_LIMIT_US) this.exact[Math.floor(us)]! += 1;
    else this.geometric[geometricIndex(us)]! += 1;
    this.n += 1;
    const delta = us - this.mean;
    this.mean += delta / this.n;
    this.squares += delta * (us - this.mean);
    if (us > this.maxUs) this.maxUs = us;
  }

  /**
   * The p-th percentile in microseconds by nearest rank.
   * @throws RangeError when empty or p is outside 0..100.
   */
  percentile(p: number): number {
    if (this.n === 0) throw new RangeError('percentile of no values');
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in 0..100, got ${p}`);
    const rank = Math.max(Math.ceil((p / 100) * this.n), 1);
    let seen = 0;
    for (let us = 0; us < EXACT_LIMIT_US; us++) {
      seen += this.exact[us]!;
      if (seen >= rank) return us;
    }
    for (let i = 0; i < this.geometric.length; i++) {
      seen += this.geometric[i]!;
      if (seen >= rank) return Math.min(EXACT_LIMIT_US * 2 ** ((i + 0.5) / BUCKETS_PER_DOUBLING), this.maxUs);
    }
    return this.maxUs;
  }

  /** Statistics in milliseconds; all zeros when no transaction completed (a result, tps 0, not an error). */
  stats(): LatencyStats__Output {
    if (this.n === 0) return { avgMs: 0, stddevMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
    return {
      avgMs: this.mean / 1000,
      stddevMs: Math.sqrt(this.squares / this.n) / 1000,
      p50Ms: this.percentile(50) / 1000,
      p95Ms: this.percentile(95) / 1000,
      p99Ms: this.percentile(99) / 1000,
      maxMs: this.maxUs / 1000,
    };
  }
}

function geometricIndex(us: number): number {
  const index = Math.floor(Math.log2(us / EXACT_LIMIT_US) * BUCKETS_PER_DOUBLING);
  return Math.min(index, DOUBLINGS * BUCKETS_PER_DOUBLING - 1);
}
