import { RemeasureRule } from '../../model/remeasure-rule';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import type { IterationRecord } from '../../lib/store/iteration-repository';

/** A tuning step's run as the trainer sees it. */
export interface StepRun {
  reward: number;
  failed: boolean;
  outcome: StepOutcome;
}

/**
 * The trainer's side of re-measuring promising steps (the rule: model/remeasure-rule.ts).
 * The second run is the session's next step: the same action, stored as a `step` iteration
 * whose metrics say `remeasureOf` the step it repeats, learnt from like any step (the agent
 * observes both runs, and a resume rebuilds both into the replay buffer). It spends one of
 * the session's `iterations`, so a session never runs more benchmarks than it was given; on
 * the last step there is none left and nothing is re-measured.
 *
 * A step that failed or was rolled back is not re-measured: its reward is a penalty, not a
 * measurement. A resume ranks the stored steps' rewards again; a re-measurement the crash
 * cut off is not made up for.
 */
export class StepRemeasure {
  private readonly rule: RemeasureRule;

  constructor(top: number, storedSteps: readonly IterationRecord[]) {
    this.rule = new RemeasureRule(
      top,
      storedSteps.flatMap((s) => (s.reward === null ? [] : [s.reward])),
    );
  }

  /**
   * Ranks the run just made and returns the action to run again as the next step, or
   * undefined. `repeated`: the run was itself a re-measurement, which is never repeated.
   */
  next(action: Float32Array, run: StepRun, repeated: boolean): Float32Array | undefined {
    this.rule.add(run.reward);
    if (repeated || run.failed || run.outcome.rolledBack) return undefined;
    return this.rule.wants(run.reward) ? action : undefined;
  }
}

/** The metrics of a re-measurement's row: which step it repeats. */
export function remeasureMetrics(of: number): { remeasureOf: number } {
  return { remeasureOf: of };
}
