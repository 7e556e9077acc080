import { SyntheticEnvironment } from './synthetic-environment';
import { TuningAgent } from './tuning-agent';

export interface SyntheticTuningResult {
  /** bestScoreByStep[t]: the best true score among the actions tried in steps 0..t. */
  bestScoreByStep: number[];
  /** True score of each step's action. */
  scores: number[];
  bestScore: number;
  bestAction: Float32Array;
}

/**
 * The tuning loop of one session against the synthetic environment: act (exploring),
 * step, observe, train, for `steps` steps. Scores are the true (noiseless) ones, so that a
 * curve measures what the agent found, not how lucky its measurements were; picking the
 * best under noise is the job of the final verification runs.
 */
export async function runSyntheticTuning(agent: TuningAgent, env: SyntheticEnvironment, steps: number): Promise<SyntheticTuningResult> {
  const bestScoreByStep: number[] = [];
  const scores: number[] = [];
  let bestScore = -Infinity;
  let bestAction: Float32Array = new Float32Array(env.actionDim);
  let state = env.reset();
  for (let t = 0; t < steps; t++) {
    const action = await agent.act(state, { explore: true });
    const outcome = env.step(action);
    await agent.observe({ state, action, reward: outcome.reward, nextState: outcome.state, done: false });
    await agent.train();
    scores.push(outcome.score);
    if (outcome.score > bestScore) {
      bestScore = outcome.score;
      bestAction = action;
    }
    bestScoreByStep.push(bestScore);
    state = outcome.state;
  }
  return { bestScoreByStep, scores, bestScore, bestAction };
}
