import { z } from 'zod';
import type { OpenRequest } from '../../proto/generated/autotune/v1/OpenRequest';
import { BenchmarkSpecSchema, type CompleteBenchmarkSpec } from '../../lib/session/benchmark-spec';
import { parseRequest } from '../../lib/session/parse-request';
import { RewardWeightSchema, rewardWeightsOrDefault, type RewardWeights } from '../../lib/session/reward-weights';
import { flag } from '../../lib/session/schema-fields';
import { serviceAddressProblem } from '../../lib/grpc/service-address';

/**
 * An Open request checked with the same benchmark schema the collector runs (so a spec that
 * could never run fails here, before a baseline is spent on it), with the defaults applied.
 */
const OpenRequestSchema = z.object({
  collectorAddress: z
    .string()
    .optional()
    .transform((address) => (address ?? '').trim())
    .superRefine((address, ctx) => {
      const problem = serviceAddressProblem(address);
      if (problem) ctx.addIssue({ code: 'custom', message: `must be host:port of a collector: ${problem}` });
    }),
  /** Knob names and set names ('default', 'extended') as given; empty = the default set. */
  knobs: z
    .array(z.string())
    .optional()
    .transform((knobs) => (knobs ?? []).map((k) => k.trim()).filter((k) => k !== '')),
  benchmark: BenchmarkSpecSchema.nullish().refine((spec) => spec !== null && spec !== undefined, {
    error: 'a benchmark spec is required (at least duration_s)',
  }),
  // Unset (or both 0, which proto3 cannot tell from unset): the session's default weights.
  rewardWeights: z
    .object({ tps: RewardWeightSchema, latency: RewardWeightSchema })
    .nullish()
    .transform((weights) => rewardWeightsOrDefault(weights ?? { tps: 0, latency: 0 })),
  allowDurabilityRisk: flag,
  allowRestart: flag,
  /** Form only: the catalog's rules and the collector's ApplyKnobs check the rest at Open. */
  startKnobs: z
    .array(z.object({ name: z.string().optional(), value: z.string().optional() }))
    .optional()
    .transform((knobs) => (knobs ?? []).map((k) => ({ name: (k.name ?? '').trim(), value: (k.value ?? '').trim() }))),
});

/** An OpenRequest checked field by field, with the defaults applied in this one place. */
export interface ResolvedOpenRequest {
  collectorAddress: string;
  knobs: string[];
  benchmark: CompleteBenchmarkSpec;
  rewardWeights: RewardWeights;
  allowDurabilityRisk: boolean;
  allowRestart: boolean;
  /** The configuration to start from, applied before anything is measured; empty: as found. */
  startKnobs: { name: string; value: string }[];
}

/**
 * Validates what can be checked without the collector: the address, the benchmark spec, the
 * reward weights.
 *
 * @throws InvalidArgumentError naming the field (`benchmark.duration_s`, `reward_weights.tps`, ...).
 */
export function resolveOpenRequest(request: OpenRequest): ResolvedOpenRequest {
  const resolved = parseRequest(OpenRequestSchema, request);
  return { ...resolved, benchmark: resolved.benchmark! };
}
