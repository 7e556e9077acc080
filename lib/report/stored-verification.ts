import { z } from 'zod';
import { ABLATION_VERDICTS, type VerificationRecord } from '../store/verification-record';

// The stored report is jsonb written by the trainer; it is checked here rather than trusted,
// so that a row written by another version gives a clear reason instead of a broken report.
const knob = z.object({ name: z.string(), value: z.string() });
const runs = {
  tps: z.array(z.number()),
  latencyAvgMs: z.array(z.number()),
  p95Ms: z.array(z.number()),
  p99Ms: z.array(z.number()),
};
// Fields added with sequential verification are optional: older rows lack them.
const ratio = z.object({ median: z.number(), low: z.number(), high: z.number(), resolution: z.number().optional() });
const decision = z.enum(['better', 'below-min-gain', 'undecided']);

// The per-knob ablation (lib/store/verification-record.ts), added after sequential verification.
const ablation = z.object({
  rounds: z.number().int().nonnegative(),
  maxRounds: z.number().int().nonnegative(),
  confidence: z.number().gt(0).lt(1),
  minGain: z.number(),
  knobs: z.array(
    z.object({
      knob: z.string(),
      recommended: z.string(),
      reverted: z.string(),
      tpsWorth: ratio,
      p95Worth: ratio,
      verdict: z.enum(ABLATION_VERDICTS),
      rounds: z.number().int().nonnegative(),
    }),
  ),
  skipped: z.string().nullable(),
});

const verificationRecord = z.object({
  repeats: z.number().int().nonnegative(),
  maxRounds: z.number().int().nonnegative().optional(),
  minGain: z.number().optional(),
  confidence: z.number().gt(0).lt(1).optional(),
  looks: z.number().int().nonnegative().optional(),
  baselineKnobs: z.array(knob),
  baseline: z.object(runs),
  candidates: z.array(
    z.object({
      label: z.string(),
      fromIteration: z.number().int(),
      knobs: z.array(knob),
      tpsRatio: ratio,
      p95Ratio: ratio,
      rounds: z.number().int().nonnegative().optional(),
      decision: decision.optional(),
      ...runs,
    }),
  ),
  chosen: z.string().nullable(),
  tpsRatio: ratio,
  p95Ratio: ratio,
  significant: z.boolean(),
  summary: z.string(),
  caveats: z.array(z.string()),
  appliedBest: z.boolean(),
  ablation: ablation.optional(),
});

export type StoredVerification = { ok: true; record: VerificationRecord } | { ok: false; reason: string };

/** The recommendation row's report as a VerificationRecord, or why it is not one. */
export function readStoredVerification(report: unknown): StoredVerification {
  const parsed = verificationRecord.safeParse(report);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'report';
  return { ok: false, reason: `${where}: ${issue?.message ?? 'unreadable'}` };
}
