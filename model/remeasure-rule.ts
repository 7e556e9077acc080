import { AgentOptionError } from './agent-option-error';

/**
 * Which steps are measured twice. A step's reward is one noisy run; the steps the agent (and
 * the final candidate selection) care most about are the best ones, where a lucky draw
 * misleads most: the critic learns a peak that is not there and the actor climbs it. So a
 * step whose first measurement beats the baseline and ranks among the `top` best rewards so
 * far is run once more with the same action, and the agent learns from both runs (for a
 * critic regressing on rewards, two samples of one action pull it to their mean).
 *
 * A re-measurement is never itself re-measured, and `top` 0 switches the rule off. Both
 * loops use this one rule: the trainer's (services/trainer/step-remeasure.ts) and the
 * synthetic runner's (run-synthetic-tuning.ts).
 */
export class RemeasureRule {
  /** Rewards of every run so far, first measurements and re-measurements alike, best first. */
  private readonly ranked: number[] = [];

  /** @param rewards the session's earlier step rewards (a resume), in any order */
  constructor(
    readonly top: number,
    rewards: readonly number[] = [],
  ) {
    if (!Number.isInteger(top) || top < 0) throw new AgentOptionError('top', `must be a non-negative integer, got ${top}`);
    for (const reward of rewards) this.add(reward);
  }

  /**
   * Whether a first measurement with this reward earns a second run: it beats the baseline
   * (reward > 0) and fewer than `top` earlier runs scored higher. Does not add it; add() does.
   */
  wants(reward: number): boolean {
    if (this.top === 0 || !(reward > 0)) return false;
    return this.ranked.filter((r) => r > reward).length < this.top;
  }

  /** Ranks a measured reward (a failed run's penalty too: it is what the agent learnt). */
  add(reward: number): void {
    if (!Number.isFinite(reward)) return;
    const at = this.ranked.findIndex((r) => r < reward);
    this.ranked.splice(at === -1 ? this.ranked.length : at, 0, reward);
  }
}
