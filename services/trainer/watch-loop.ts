import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { abortableSleep } from '../../lib/core/abortable-sleep';
import { WATCH_DECISION_METRICS } from '../../lib/store/watch-decision-metrics';
import { detectDrift } from './drift-test';
import { decideMixChange, namedStatements, type MixShares } from './query-mix-change';
import type { TuningEnvironment } from './tuning-environment';
import type { RunMeasurement } from './verification-stats';

export interface WatchLoopInputs {
  /** Seconds between two watches (session option watch_interval_s). */
  intervalS: number;
  /** Runs per watch (watch_runs). */
  runs: number;
  /** The smallest drop that is drift (drift_threshold). */
  threshold: number;
  /** The query-mix distance that opens a round (mix_threshold). */
  mixThreshold: number;
  /** A stop or a cancellation: ends the wait or the watch at the next boundary, by throwing. */
  signal: AbortSignal;
  /** The verified level of the configuration in force (verified-level.ts); undefined when no round verified it. */
  reference: (inForce: KnobSetting[]) => Promise<RunMeasurement[] | undefined>;
  /**
   * What the store holds of this round's query mix: its reference (the first watch's mix with
   * enough calls), and the reading the last complete watch ended with ('' when none).
   */
  mixMemory: () => Promise<{ reference: MixShares | undefined; since: string }>;
  /** Opens an environment on the instance, under the watch's hold (watch-hold.ts); the caller keeps it, to restore what is in force on a stop. */
  open: () => Promise<TuningEnvironment>;
  /** Closes the environment of a watch that found no drift, leaving what is in force, and ends the watch's hold. */
  close: () => Promise<void>;
  /** Stores one watch run before the next starts; the watch's last carries its decision. */
  record: (outcome: StepOutcome, metrics: Record<string, unknown>) => Promise<void>;
}

export interface Drift {
  /** Still open: the new round is measured on it. */
  env: TuningEnvironment;
  /** The configuration in force, as read when the watch opened the environment: the new round's baseline. */
  inForce: KnobSetting[];
  /** Why the round opens, in words: the drift verdict or the query mix's (both stored on the watch's last row), or NEVER_VERIFIED. */
  reason: string;
}

/** Why a round opens without a drift test: nothing measured this configuration to compare with. */
export const NEVER_VERIFIED = 'the configuration in force was never verified';

/**
 * A watching session's loop, until drift: every `intervalS`, open an environment (a fresh one
 * each time: the Environment service closes one that stays idle past its idle timeout, and an
 * interval is often longer), read the configuration in force from it (whatever a person
 * approved, rolled back or changed by hand), measure it `runs` times as it is (nothing is
 * applied: each run measures what is there), store the runs, compare them with the verified
 * level of that configuration (drift-test.ts), and close the environment keeping what is in
 * force. The caller's open() and close() bracket the watch with a change hold, so no approval
 * or rollback lands during a watch. A configuration no round verified (changed by hand, or
 * rolled back to one never measured) has no level to compare with: a new round opens at once,
 * and its verification measures that configuration as its baseline, so the next watch has one.
 * Memory stays flat: the reference is read from the store at every watch, and nothing is kept
 * from one watch to the next but a reading's id.
 *
 * The query mix (where pg_stat_statements is installed) is the user's traffic between two
 * watches: read as the environment opens, counted since the reading the previous watch took
 * after its last run, so the watch's own benchmark runs are never part of it (the user's
 * traffic during those runs is not counted either). The first interval needs a reading to count
 * from: a trainer without one (the round just ended, or it resumed after a watch it did not
 * finish) takes one before its first wait. The round's first mix with enough calls is the
 * reference; each later one is compared with it (query-mix-change.ts), and a change opens a
 * round even when the throughput held.
 */
export async function watchUntilDrift(inputs: WatchLoopInputs): Promise<Drift> {
  const { signal } = inputs;
  let since = (await inputs.mixMemory()).since;
  if (!since) {
    const env = await inputs.open();
    since = (await env.readQueryMix('', [])).readingId;
    await inputs.close();
  }
  for (;;) {
    await abortableSleep(inputs.intervalS * 1000, signal);
    signal.throwIfAborted();
    const mixReference = (await inputs.mixMemory()).reference;
    const env = await inputs.open();
    const interval = await env.readQueryMix(since, mixReference ? namedStatements(mixReference) : []);
    const inForce = env.actionSpace.map((d) => ({ name: d.name, value: d.baseline }));
    const reference = await inputs.reference(inForce);
    if (!reference) return { env, inForce, reason: NEVER_VERIFIED };
    const runs: RunMeasurement[] = [];
    for (let run = 0; run < inputs.runs; run++) {
      signal.throwIfAborted();
      const outcome = await env.measure([]);
      const measured = measurementOf(outcome);
      if (measured) runs.push(measured);
      if (run < inputs.runs - 1) {
        await inputs.record(outcome, { run });
        continue;
      }
      // After the last run: the next interval starts here, past this watch's benchmark.
      since = (await env.readQueryMix('', [])).readingId;
      const decision = detectDrift(reference, runs, inputs.threshold);
      const mix = decideMixChange(mixReference, interval, inputs.mixThreshold);
      await inputs.record(outcome, { run, [WATCH_DECISION_METRICS.drift]: decision, [WATCH_DECISION_METRICS.queryMix]: { ...mix, next: since } });
      if (decision.drifted) return { env, inForce, reason: decision.verdict };
      if (mix.changed) return { env, inForce, reason: mix.verdict };
    }
    await inputs.close();
  }
}

/** A run's TPS and p95, or undefined for a run that measured nothing (failed): it does not count. */
export function measurementOf(outcome: { benchmark: StepOutcome['benchmark']; error: string }): RunMeasurement | undefined {
  const bench = outcome.benchmark;
  const p95 = bench?.latency?.p95Ms ?? 0;
  if (outcome.error || !bench || !(bench.tps > 0) || !(p95 > 0)) return undefined;
  return { tps: bench.tps, p95Ms: p95 };
}
