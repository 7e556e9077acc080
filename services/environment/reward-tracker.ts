import type { BenchmarkResult__Output as BenchmarkResult } from '../../proto/generated/autotune/v1/BenchmarkResult';
import { FailedPreconditionError } from '../../lib/core/errors';
import type { RewardWeights } from '../../lib/session/reward-weights';
import { DEFAULT_PENALTY_FLOOR, cdbtuneReward, failurePenalty, type PerformanceSample } from './reward';

/**
 * TPS below this share of the baseline's is "far below baseline" (DESIGN.md, the guard):
 * the step still counts as measured, but the environment puts the last good configuration
 * back and the step does not become the reward's "previous".
 */
export const FAR_BELOW_BASELINE_RATIO = 0.5;

/** The run's throughput and p95 latency, the reward's inputs (reward.ts says why p95). */
export function performanceOf(result: BenchmarkResult): PerformanceSample {
  return { tps: result.tps, latencyMs: result.latency?.p95Ms ?? 0 };
}

/** Whether a run measured anything the reward can divide by. */
export function isMeasurable(sample: PerformanceSample): boolean {
  return Number.isFinite(sample.tps) && sample.tps > 0 && Number.isFinite(sample.latencyMs) && sample.latencyMs > 0;
}

/**
 * The reward bookkeeping of one environment: the baseline and previous step (CDBTune's two
 * references), and the worst reward measured, which sets the failure penalty.
 *
 * - A measured step scores cdbtuneReward, floored at DEFAULT_PENALTY_FLOOR: the latency
 *   term grows quadratically and an unbounded reward would swamp the critic.
 * - A failed step scores failurePenalty(worst measured): twice the worst, within
 *   [floor, -1]. Penalties do not count as "worst seen", or they would ratchet to the floor.
 */
export class RewardTracker {
  private baseline: PerformanceSample | undefined;
  private previous: PerformanceSample | undefined;
  private worst = 0;

  constructor(private readonly weights: RewardWeights) {}

  get hasBaseline(): boolean {
    return this.baseline !== undefined;
  }

  get baselineSample(): PerformanceSample | undefined {
    return this.baseline;
  }

  /** A new episode: the baseline run is the reference and the previous step; the worst is forgotten. */
  startEpisode(baseline: PerformanceSample): void {
    if (!isMeasurable(baseline)) {
      throw new FailedPreconditionError(
        `the baseline run measured ${baseline.tps} tps and p95 ${baseline.latencyMs} ms: nothing to compare steps against; check the workload`,
      );
    }
    this.baseline = baseline;
    this.previous = baseline;
    this.worst = 0;
  }

  /** The reward of a measured step against the baseline and the previous step. */
  score(sample: PerformanceSample): number {
    const { baseline, previous } = this.references();
    const reward = Math.max(DEFAULT_PENALTY_FLOOR, cdbtuneReward(sample, baseline, previous, this.weights));
    this.worst = Math.min(this.worst, reward);
    return reward;
  }

  /** The step becomes the previous one for the next reward. */
  accept(sample: PerformanceSample): void {
    this.references();
    if (isMeasurable(sample)) this.previous = sample;
  }

  /** The bounded score of a failed step. */
  penalty(): number {
    return failurePenalty(this.worst);
  }

  /** Whether the sample's TPS falls under FAR_BELOW_BASELINE_RATIO of the baseline's. */
  farBelowBaseline(sample: PerformanceSample): boolean {
    return sample.tps < FAR_BELOW_BASELINE_RATIO * this.references().baseline.tps;
  }

  private references(): { baseline: PerformanceSample; previous: PerformanceSample } {
    if (!this.baseline || !this.previous) {
      throw new FailedPreconditionError('the environment has no baseline yet: call Reset before Step');
    }
    return { baseline: this.baseline, previous: this.previous };
  }
}
