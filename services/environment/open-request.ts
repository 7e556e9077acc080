import type { BenchmarkSpec__Output as BenchmarkSpec } from '../../proto/generated/autotune/v1/BenchmarkSpec';
import type { OpenRequest__Output as OpenRequest } from '../../proto/generated/autotune/v1/OpenRequest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { DEFAULT_REWARD_WEIGHTS, type RewardWeights } from './reward';

/** An OpenRequest checked field by field, with the defaults applied in this one place. */
export interface ResolvedOpenRequest {
  collectorAddress: string;
  /** Knob names and set names ('default', 'extended') as given; empty = the default set. */
  knobs: string[];
  benchmark: BenchmarkSpec;
  rewardWeights: RewardWeights;
  allowDurabilityRisk: boolean;
  allowRestart: boolean;
}

// The collector checks the spec in depth when it runs it; these bounds catch a request
// that could never run before a baseline is spent on it.
const MAX_DURATION_S = 86_400;
const MAX_WARMUP_S = 3600;
const MAX_CLIENTS = 1000;

/**
 * Validates what can be checked without the collector: the address, the benchmark's
 * required duration and obvious bounds, the reward weights.
 *
 * @throws InvalidArgumentError naming the field (`benchmark.duration_s`, `reward_weights.tps`, ...).
 */
export function resolveOpenRequest(request: OpenRequest): ResolvedOpenRequest {
  const collectorAddress = request.collectorAddress.trim();
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/.test(collectorAddress)) {
    throw new InvalidArgumentError('collector_address', `must be host:port of a collector, got "${request.collectorAddress}"`);
  }
  return {
    collectorAddress,
    knobs: request.knobs.map((k) => k.trim()).filter((k) => k !== ''),
    benchmark: checkBenchmark(request.benchmark),
    rewardWeights: resolveWeights(request.rewardWeights),
    allowDurabilityRisk: request.allowDurabilityRisk,
    allowRestart: request.allowRestart,
  };
}

function checkBenchmark(spec: BenchmarkSpec | null): BenchmarkSpec {
  if (!spec) throw new InvalidArgumentError('benchmark', 'a benchmark spec is required (at least duration_s)');
  if (spec.durationS < 1 || spec.durationS > MAX_DURATION_S) {
    throw new InvalidArgumentError('benchmark.duration_s', `must be 1..${MAX_DURATION_S} seconds, got ${spec.durationS}`);
  }
  if (spec.warmupS > MAX_WARMUP_S) {
    throw new InvalidArgumentError('benchmark.warmup_s', `must be 0..${MAX_WARMUP_S} seconds, got ${spec.warmupS}`);
  }
  if (spec.clients > MAX_CLIENTS) {
    throw new InvalidArgumentError('benchmark.clients', `must be 1..${MAX_CLIENTS} (0 = the collector's default), got ${spec.clients}`);
  }
  if (spec.threads > 0 && spec.clients > 0 && spec.threads > spec.clients) {
    throw new InvalidArgumentError('benchmark.threads', `must be at most benchmark.clients (${spec.clients}), got ${spec.threads}`);
  }
  return spec;
}

/** Unset (or both 0, which proto3 cannot tell from unset): 0.6 / 0.4. */
function resolveWeights(weights: OpenRequest['rewardWeights']): RewardWeights {
  if (!weights || (weights.tps === 0 && weights.latency === 0)) return { ...DEFAULT_REWARD_WEIGHTS };
  for (const [field, value] of [['tps', weights.tps], ['latency', weights.latency]] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidArgumentError(`reward_weights.${field}`, `must be a finite number >= 0, got ${value}`);
    }
  }
  return { tps: weights.tps, latency: weights.latency };
}
