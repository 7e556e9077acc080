import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import type { IterationInput, IterationKind } from '../../lib/store/iteration-repository';

/** The store's row of one run: its knobs, benchmark figures and state, and what the trainer adds (reward, action, labels). */
export function iterationRow(
  sessionId: string,
  kind: IterationKind,
  n: number,
  outcome: StepOutcome,
  extra: { reward?: number; action?: number[]; metrics?: Record<string, unknown> } = {},
): IterationInput {
  const bench = outcome.benchmark;
  // A run far below the baseline is rolled back but was measured: its numbers are data.
  const ok = bench !== null && bench.tps > 0;
  return {
    sessionId,
    kind,
    n,
    knobs: outcome.knobs,
    metrics: {
      ...extra.metrics,
      ...(outcome.rates ? { rates: Object.fromEntries(outcome.rates.metrics.map((m) => [m.name, m.value])) } : {}),
      ...(bench ? { benchmark: { transactions: bench.transactions, failed: bench.failedTransactions, stddevMs: bench.latency?.stddevMs } } : {}),
    },
    tps: ok ? bench.tps : null,
    latencyAvgMs: ok ? (bench.latency?.avgMs ?? null) : null,
    latencyP95Ms: ok ? (bench.latency?.p95Ms ?? null) : null,
    latencyP99Ms: ok ? (bench.latency?.p99Ms ?? null) : null,
    reward: extra.reward ?? null,
    state: outcome.state,
    action: extra.action ?? null,
    error: outcome.error || null,
    restarted: outcome.restarted,
    rolledBack: outcome.rolledBack,
  };
}
