import { SyntheticEnvironment } from './synthetic-environment';
import { TuningAgent } from './tuning-agent';
import { tuningStep } from './tuning-step';

export interface SyntheticTuningResult {
  /** bestScoreByStep[t]: the best true score among the actions tried in steps 0..t. */
  bestScoreByStep: number[];
  /** True score of each step's action. */
  scores: number[];
  bestScore: number;
  bestAction: Float32Array;
}

/**
 * The tuning loop of one session against the synthetic environment: `steps` tuning steps
 * (tuningStep, the trainer's step), with nothing stored. Scores are the true (noiseless)
 * ones, so that a curve measures what the agent found, not how lucky its measurements were;
 * picking the best under noise is the job of the final verification runs.
 */
export async function runSyntheticTuning(agent: TuningAgent, env: SyntheticEnvironment, steps: number): Promise<SyntheticTuningResult> {
  const bestScoreByStep: number[] = [];
  const scores: number[] = [];
  let bestScore = -Infinity;
  let bestAction: Float32Array = new Float32Array(env.actionDim);
  let state = env.reset();
  for (let t = 0; t < steps; t++) {
    const { action, applied } = await tuningStep(agent, state, {
      apply: (a) => {
        const outcome = env.step(a);
        return { ...outcome, nextState: outcome.state };
      },
    });
    scores.push(applied.score);
    if (applied.score > bestScore) {
      bestScore = applied.score;
      bestAction = action;
    }
    bestScoreByStep.push(bestScore);
    state = applied.nextState;
  }
  return { bestScoreByStep, scores, bestScore, bestAction };
}
