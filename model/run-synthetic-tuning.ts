import { RemeasureRule } from './remeasure-rule';
import { SyntheticEnvironment } from './synthetic-environment';
import { TuningAgent } from './tuning-agent';
import { tuningStep } from './tuning-step';

export interface SyntheticTuningOptions {
  /** Re-measure a step whose reward ranks among this many best so far (RemeasureRule); 0: never. @defaultValue 0 */
  remeasureTop?: number;
}

export interface SyntheticTuningResult {
  /** bestScoreByStep[t]: the best true score among the actions tried in runs 0..t. */
  bestScoreByStep: number[];
  /** True score of each run's action; a re-measurement repeats the score of the run before. */
  scores: number[];
  bestScore: number;
  bestAction: Float32Array;
  /** Runs that were re-measurements (each counted in the budget). */
  remeasured: number;
  /**
   * True score of the configuration the session would pick at the end by its measurements
   * (the mean of a re-measured step's two runs): what noise does to choosing, before the
   * final verification.
   */
  pickedScore: number;
}

/**
 * The tuning loop of one session against the synthetic environment: `steps` runs of
 * tuningStep, the trainer's step, with nothing stored. A re-measurement is one of the runs,
 * as in the trainer, so every contender gets the same number of benchmarks. Scores are the
 * true (noiseless) ones, so that a curve measures what the agent found, not how lucky its
 * measurements were; picking the best under noise is the job of the final verification runs.
 */
export async function runSyntheticTuning(
  agent: TuningAgent,
  env: SyntheticEnvironment,
  steps: number,
  options: SyntheticTuningOptions = {},
): Promise<SyntheticTuningResult> {
  const rule = new RemeasureRule(options.remeasureTop ?? 0);
  const bestScoreByStep: number[] = [];
  const scores: number[] = [];
  const measured: { score: number; sum: number; runs: number }[] = [];
  let bestScore = -Infinity;
  let bestAction: Float32Array = new Float32Array(env.actionDim);
  let remeasured = 0;
  let state = env.reset();
  const apply = (a: Float32Array) => {
    const outcome = env.step(a);
    return { ...outcome, nextState: outcome.state };
  };
  for (let t = 0; t < steps; t++) {
    const { action, applied } = await tuningStep(agent, state, { apply });
    rule.add(applied.reward);
    const entry = { score: applied.score, sum: applied.performance, runs: 1 };
    measured.push(entry);
    if (applied.score > bestScore) {
      bestScore = applied.score;
      bestAction = action;
    }
    scores.push(applied.score);
    bestScoreByStep.push(bestScore);
    state = applied.nextState;
    if (t + 1 < steps && rule.wants(applied.reward)) {
      const again = await tuningStep(agent, state, { apply, action });
      rule.add(again.applied.reward);
      entry.sum += again.applied.performance;
      entry.runs++;
      remeasured++;
      t++;
      scores.push(again.applied.score);
      bestScoreByStep.push(bestScore);
      state = again.applied.nextState;
    }
  }
  const picked = measured.reduce((best, e) => (e.sum / e.runs > best.sum / best.runs ? e : best), measured[0]);
  return { bestScoreByStep, scores, bestScore, bestAction, remeasured, pickedScore: picked?.score ?? NaN };
}
