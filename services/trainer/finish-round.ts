import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import type { ResolvedSessionOptions } from '../../lib/session/session-options';
import { AUDIT_APPLIED } from '../../lib/store/audit-repository';
import type { IterationKind } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { SessionRecord } from '../../lib/store/session-repository';
import { runAblation } from './ablation-rounds';
import { selectCandidates } from './candidate-selection';
import { measurementCaveats } from './measurement-caveats';
import type { TuningEnvironment } from './tuning-environment';
import { verifyCandidates } from './verify-candidates';

/** How many of the best steps Finish re-measures against the baseline. */
const CANDIDATES = 3;

export interface FinishRoundInputs {
  store: MetadataStore;
  session: Pick<SessionRecord, 'id' | 'instanceId'>;
  /** The round it concludes: only its steps are candidates, its recommendation is stored under it. */
  round: number;
  opts: ResolvedSessionOptions;
  env: TuningEnvironment;
  /** The round's baseline: what the candidates are verified against and what a restore puts back. */
  baselineKnobs: KnobSetting[];
  signal: AbortSignal;
  /** Stores one verification or ablation run before the next starts. */
  record: (kind: IterationKind, outcome: StepOutcome, metrics: Record<string, unknown>) => Promise<void>;
  progress: (tps: number, message: string) => void;
  /** Closes the environment: the recommendation kept (keepCurrent) or the round's baseline restored. */
  close: (keepCurrent: boolean) => Promise<void>;
}

/**
 * A round's Finish, in the order it happens: the round's best steps as candidates, their
 * bracketed verification against the round's baseline, the per-knob ablation of a significant
 * recommendation, the chosen candidate kept (apply_best) or the baseline restored, the
 * recommendation stored for (session, round), and the audit of a kept one. True when the
 * recommendation was kept on the server.
 */
export async function finishRound(inputs: FinishRoundInputs): Promise<boolean> {
  // `round` of the verification and ablation below is theirs (a bracketed round); this is the tuning round.
  const { store, session, round: tuningRound, opts, env, baselineKnobs, signal, record, progress, close } = inputs;
  const steps = await store.iterations.list(session.id, 'step', tuningRound);
  const candidates = selectCandidates(steps, baselineKnobs, CANDIDATES);
  progress(0, `verifying ${candidates.length} candidates, at most ${opts.verifyRepeats} bracketed rounds`);
  const verification = await verifyCandidates({
    baselineKnobs,
    candidates,
    repeats: opts.verifyRepeats,
    minGain: opts.minGain,
    budgetS: opts.verifyBudgetS,
    weights: opts.rewardWeights,
    measure: (knobs) => env.measure(knobs),
    signal,
    onRun: async ({ label, round, outcome }) => {
      await record('verify', outcome, { label, round });
      progress(outcome.benchmark?.tps ?? 0, `verify round ${round + 1}: ${label}`);
    },
  });
  const chosen = verification.candidates.find((c) => c.label === verification.chosen);
  // What each changed knob of a significant recommendation is worth (ablation-rounds.ts).
  const ablation =
    chosen && opts.ablationRounds > 0
      ? await runAblation({
          recommended: chosen.knobs,
          baselineKnobs,
          rounds: opts.ablationRounds,
          minGain: opts.minGain,
          budgetS: opts.verifyBudgetS,
          measure: (knobs) => env.measure(knobs),
          signal,
          onRun: async ({ label, round, knob, outcome }) => {
            await record('ablation', outcome, { label, round, knob });
            progress(outcome.benchmark?.tps ?? 0, `ablation round ${round + 1}: ${label}`);
          },
        })
      : undefined;
  const applyBest = opts.applyBest && chosen !== undefined;
  if (applyBest) await env.measure(chosen.knobs);
  await close(applyBest);
  await store.recommendations.save({
    sessionId: session.id,
    round: tuningRound,
    knobs: chosen?.knobs ?? baselineKnobs,
    report: { ...verification, caveats: measurementCaveats(opts), appliedBest: applyBest, ...(ablation ? { ablation } : {}) },
    // The original is back on the server; a person applies the recommendation later (ApproveRecommendation).
    approvalState: opts.requireApproval && chosen !== undefined ? 'pending' : 'none',
  });
  if (applyBest) {
    // apply_best is refused with start_knobs, so the baseline is the server's own configuration (the original,
    // or in a later round what was in force): what a rollback puts back.
    await store.audit.record({
      instanceId: session.instanceId,
      sessionId: session.id,
      action: 'apply-best',
      actor: 'apply-best',
      appliedKnobs: chosen.knobs,
      replacedKnobs: baselineKnobs,
      outcome: AUDIT_APPLIED,
    });
  }
  return applyBest;
}
