import { compareRuns, type Comparison } from '../services/trainer/verification-stats';
import { VERIFICATION_RULES } from '../lib/session/session-limits';

/** One run of bench:tuning's cross-verification: `start` (the baseline) or an agent's best configuration. */
export interface CrossRun {
  label: string;
  round: number;
  /** null: the run failed. */
  tps: number | null;
  p95: number | null;
}

export interface RatioToRules {
  agent: string;
  rounds: number;
  /** The verification's own comparison (verification-stats.ts), rules as the baseline; null with no common round. */
  comparison: Comparison | null;
}

/**
 * Each agent's configuration against the rules configuration, from the cross-verification's
 * own rounds: in every round both ran between the same two start runs, so their runs in that
 * round are a pair, and the verification's t interval on the log ratios over the rounds both
 * completed answers "does it beat PGTune here?". For this the cross-verification is not
 * sequential (every configuration runs every round), and the level is Bonferroni over the
 * agents compared, like the verification's own intervals.
 */
export function compareWithRules(runs: readonly CrossRun[], agents: readonly string[]): RatioToRules[] {
  const others = agents.filter((a) => a !== 'rules');
  if (!agents.includes('rules') || others.length === 0) return [];
  const confidence = 1 - VERIFICATION_RULES.falsePositiveRate / others.length;
  const byRound = (label: string) =>
    new Map(runs.flatMap((r) => (r.label === label && r.tps !== null && r.p95 !== null ? [[r.round, { tps: r.tps, p95Ms: r.p95 }] as const] : [])));
  const rules = byRound('rules');
  return others.map((agent) => {
    const pairs = [...byRound(agent).entries()].flatMap(([round, own]) => {
      const base = rules.get(round);
      return base ? [{ base, own }] : [];
    });
    const comparison = pairs.length === 0 ? null : compareRuns(pairs.map((p) => p.base), pairs.map((p) => p.own), { confidence });
    return { agent, rounds: pairs.length, comparison };
  });
}
