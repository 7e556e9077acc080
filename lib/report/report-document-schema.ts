import { z } from 'zod';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { InvalidArgumentError } from '../core/errors';
import { ABLATION_VERDICTS } from '../store/verification-record';
import { ITERATION_KINDS } from '../store/iteration-repository';
import { SESSION_STATUSES } from '../store/session-repository';
import { REPORT_FORMAT, type ReportDocument } from './report-document';

// A report document that crossed a process boundary (the Recommendation service's
// report_json) is checked here rather than trusted: the renderers may then rely on every field.
const num = z.number().nullable();
const latency = z.object({ avgMs: num, p95Ms: num, p99Ms: num });
const knob = z.object({ name: z.string(), value: z.string(), display: z.string() });
// Members added within v1 read as null when a document from before them lacks them.
const added = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);
const ratio = z.object({ median: z.number(), low: z.number(), high: z.number(), resolution: added(z.number()) });
const runs = z.object({ tps: z.array(z.number()), latencyAvgMs: z.array(z.number()), p95Ms: z.array(z.number()), p99Ms: z.array(z.number()) });
const measured = {
  knobs: z.array(knob),
  tps: num,
  latency,
  runs: z.number(),
  source: z.enum(['verification', 'baseline-runs']),
};

const reportDocument = z.object({
  format: z.literal(REPORT_FORMAT),
  generatedAt: z.string(),
  session: z.object({
    id: z.string(),
    status: z.enum(SESSION_STATUSES),
    // The proto message's fields, as JSON.stringify wrote them; only displayed.
    options: z.custom<SessionOptions>((v) => typeof v === 'object' && v !== null),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationS: num,
    error: z.string().nullable(),
    stepsDone: z.number(),
    stepsPlanned: num,
  }),
  instance: z.object({
    id: z.string(),
    name: z.string(),
    target: z.string().nullable(),
    serverVersion: z.string().nullable(),
    collectorAddress: z.string(),
    host: z.object({ memoryBytes: num, cpus: num }),
  }),
  knobs: z.array(z.object({ name: z.string(), unit: z.string().nullable(), scale: z.enum(['log', 'linear']).nullable(), restartRequired: z.boolean() })),
  baseline: z.object(measured).nullable(),
  recommended: z.object({ ...measured, label: z.string(), fromIteration: z.number(), appliedBest: z.boolean() }).nullable(),
  conclusion: z.object({ state: z.enum(['recommended', 'no-improvement', 'unavailable']), text: z.string() }),
  knobChanges: z.array(
    z.object({
      name: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      fromDisplay: z.string().nullable(),
      toDisplay: z.string().nullable(),
      changed: z.boolean(),
      restartRequired: z.boolean(),
    }),
  ),
  restartRequiredFor: z.array(z.string()),
  verification: z
    .object({
      repeats: z.number(),
      maxRounds: added(z.number()),
      minGain: added(z.number()),
      confidence: z.number().gt(0).lt(1).default(0.95),
      looks: added(z.number()),
      tpsRatio: ratio,
      p95Ratio: ratio,
      significant: z.boolean(),
      summary: z.string(),
      caveats: z.array(z.string()),
      chosen: z.string().nullable(),
      appliedBest: z.boolean(),
      baselineRuns: runs,
      candidates: z.array(
        z.object({
          label: z.string(),
          fromIteration: z.number(),
          knobs: z.array(knob),
          tpsRatio: ratio,
          p95Ratio: ratio,
          runs,
          tps: num,
          latency,
          chosen: z.boolean(),
          rounds: added(z.number()),
          decision: added(z.enum(['better', 'below-min-gain', 'undecided'])),
        }),
      ),
    })
    .nullable(),
  ablation: added(
    z.object({
      rounds: z.number(),
      maxRounds: z.number(),
      confidence: z.number().gt(0).lt(1),
      minGain: z.number(),
      knobs: z.array(
        z.object({
          knob: z.string(),
          recommended: z.string(),
          reverted: z.string(),
          recommendedDisplay: z.string(),
          revertedDisplay: z.string(),
          tpsWorth: ratio,
          p95Worth: ratio,
          verdict: z.enum(ABLATION_VERDICTS),
          rounds: z.number(),
        }),
      ),
      skipped: z.string().nullable(),
    }),
  ),
  drift: z.object({ runs: z.number(), firstTps: z.number(), lastTps: z.number(), minTps: z.number(), maxTps: z.number(), change: z.number() }).nullable(),
  iterations: z.array(
    z.object({
      seq: z.number(),
      kind: z.enum(ITERATION_KINDS),
      n: z.number(),
      label: z.string().nullable(),
      round: num,
      knobs: z.array(z.object({ name: z.string(), value: z.string() })),
      tps: num,
      latency,
      reward: num,
      error: z.string().nullable(),
      restarted: z.boolean(),
      rolledBack: z.boolean(),
      at: z.string(),
    }),
  ),
}) satisfies z.ZodType<ReportDocument>;

/**
 * The report document in `json` (format pg-autotune-report/v1).
 * @throws InvalidArgumentError naming `field` and the first member that is not as v1 says.
 */
export function parseReportDocument(json: string, field: string): ReportDocument {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new InvalidArgumentError(field, `is not JSON; expected a report document (${REPORT_FORMAT})`);
  }
  const parsed = reportDocument.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'document';
  throw new InvalidArgumentError(field, `is not a ${REPORT_FORMAT} document: ${where}: ${issue?.message ?? 'unreadable'}`);
}
