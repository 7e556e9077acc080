import { z } from 'zod';
import { SESSION_DEFAULTS } from './session-limits';

/** How much the reward counts throughput and p95 latency (CDBTune's two terms). */
export interface RewardWeights {
  tps: number;
  latency: number;
}

const error = (issue: { input?: unknown }) => `must be a finite number >= 0, got ${String(issue.input)}`;

/** One weight: a finite number >= 0; absent or "" is 0. Doubles may arrive as strings over gRPC. */
export const RewardWeightSchema = z
  .union([z.number(), z.string()], { error })
  .optional()
  .transform((v) => (v === undefined || v === '' ? 0 : Number(v)))
  .pipe(z.number({ error }).min(0, { error }));

/**
 * Both weights 0 is what an unset pair looks like over gRPC: it means the default weighting,
 * not "reward nothing". One of them 0 is a deliberate choice and kept.
 */
export function rewardWeightsOrDefault(weights: RewardWeights): RewardWeights {
  if (weights.tps === 0 && weights.latency === 0) return { ...SESSION_DEFAULTS.rewardWeights };
  return weights;
}
