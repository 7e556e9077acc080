import type { MetadataStore } from '../../lib/store/metadata-store';
import { WATCH_DECISION_METRICS } from '../../lib/store/watch-decision-metrics';
import type { MixDecision, MixShares } from './query-mix-change';

/** What a watch's last run row stores of the query mix (watch-loop.ts): its decision, and the reading the next watch counts from. */
export type StoredMix = MixDecision & { next?: string };

/**
 * A watching round's query mix as the store holds it, so that a trainer that takes the session
 * over has what the one before had: the reference (the round's first watch whose mix became
 * it) and the reading the latest watch ended with. A latest watch row without one (its trainer
 * died in the middle of the watch, after which its benchmark ran) gives none: the loop reads anew.
 */
export async function queryMixMemory(store: MetadataStore, sessionId: string, round: number): Promise<{ reference: MixShares | undefined; since: string }> {
  const rows = await store.iterations.list(sessionId, 'watch', round);
  const mixOf = (metrics: Record<string, unknown>) => metrics[WATCH_DECISION_METRICS.queryMix] as StoredMix | undefined;
  const first = rows.map((r) => mixOf(r.metrics)).find((m) => m?.state === 'reference' && m.shares !== undefined && m.calls !== undefined);
  const latest = rows.at(-1);
  return {
    reference: first ? { calls: first.calls!, shares: first.shares! } : undefined,
    since: (latest && mixOf(latest.metrics)?.next) || '',
  };
}
