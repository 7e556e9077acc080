import { z } from 'zod';
import type { InstanceLimits } from '../../proto/generated/autotune/v1/InstanceLimits';
import type { InstanceWorkload } from '../../proto/generated/autotune/v1/InstanceWorkload';
import { InvalidArgumentError } from '../core/errors';
import { BenchmarkSpecSchema, type CompleteBenchmarkSpec } from './benchmark-spec';
import { parseRequest } from './parse-request';
import { integerIn } from './schema-fields';
import { BENCHMARK_LIMITS, INSTANCE_LABEL_LIMITS, SESSION_LIMITS } from './session-limits';
import { KnobListSchema } from './session-options';
import { findWorkloadPreset } from './workload-presets';

/** What a session on the instance runs when it names no benchmark: a shipped preset, or a spec. */
export type InstanceWorkloadSetting = { preset: string } | { benchmark: CompleteBenchmarkSpec };

/** Caps of every session on the instance; 0 and null: no cap beyond the global limits. */
export interface InstanceLimitSettings {
  maxClients: number;
  maxDurationS: number;
  maxIterations: number;
  /** false: no session may restart the server; null: as the session asks. */
  allowRestart: boolean | null;
}

/** An instance's registered settings, validated: what the store keeps and sessions inherit. */
export interface InstanceSettings {
  workload: InstanceWorkloadSetting | null;
  /** The knob list sessions tune when they name none; empty: the collector's default set. */
  knobs: string[];
  limits: InstanceLimitSettings;
  labels: Record<string, string>;
}

/** What an instance registered without settings has. */
export const NO_INSTANCE_LIMITS: Readonly<InstanceLimitSettings> = Object.freeze({ maxClients: 0, maxDurationS: 0, maxIterations: 0, allowRestart: null });

/** The settings of an instance registered without any. */
export function noInstanceSettings(): InstanceSettings {
  return { workload: null, knobs: [], limits: { ...NO_INSTANCE_LIMITS }, labels: {} };
}

/** The settings fields of RegisterInstanceRequest (5-8) as grpc-js hands them over. */
export interface InstanceSettingsRequest {
  workload?: InstanceWorkload | null;
  knobs?: string[];
  limits?: InstanceLimits | null;
  labels?: Record<string, string>;
}

// Lower-case letters and digits at both ends, . _ / - inside: safe in a file name, a metric label or a shell word.
const LABEL_KEY = /^[a-z0-9](?:[a-z0-9._/-]*[a-z0-9])?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A cap in 0..the global maximum: an instance limit can only tighten the global one. */
function capOf(range: { readonly max: number }) {
  return integerIn({ min: 0, max: range.max }, ' (0: no cap; an instance can only tighten the global limit)')
    .optional()
    .transform((v) => v ?? 0);
}

const LimitsSchema = z
  .object({
    maxClients: capOf(BENCHMARK_LIMITS.clients),
    maxDurationS: capOf(BENCHMARK_LIMITS.durationS),
    maxIterations: capOf(SESSION_LIMITS.iterations),
    allowRestart: z.boolean().optional().transform((v) => v ?? null),
  })
  .nullish()
  .transform((limits): InstanceLimitSettings => limits ?? { ...NO_INSTANCE_LIMITS });

const LabelsSchema = z
  .record(z.string(), z.string({ error: 'label values must be strings' }))
  .optional()
  .transform((labels) => ({ ...(labels ?? {}) }))
  .superRefine((labels, ctx) => {
    const entries = Object.entries(labels);
    if (entries.length > INSTANCE_LABEL_LIMITS.count) {
      ctx.addIssue({ code: 'custom', message: `at most ${INSTANCE_LABEL_LIMITS.count} labels, got ${entries.length}` });
    }
    for (const [key, value] of entries) {
      if (key.length > INSTANCE_LABEL_LIMITS.keyLength || !LABEL_KEY.test(key)) {
        ctx.addIssue({
          code: 'custom',
          message: `key ${JSON.stringify(key)} must be 1..${INSTANCE_LABEL_LIMITS.keyLength} characters of a-z, 0-9, . _ / -, starting and ending with a letter or digit`,
        });
      } else if (value === '' || value.length > INSTANCE_LABEL_LIMITS.valueLength || CONTROL.test(value)) {
        ctx.addIssue({ code: 'custom', message: `the value of ${key} must be 1..${INSTANCE_LABEL_LIMITS.valueLength} printable characters` });
      }
    }
  });

// `kind` is the oneof's name of the set field, as grpc-js decodes it (oneofs: true); the fields themselves decide.
const WorkloadSchema = z
  .object({ preset: z.string().optional(), benchmark: BenchmarkSpecSchema.nullish(), kind: z.string().optional() })
  .nullish();

/**
 * Checks the settings of a RegisterInstance request and returns them complete (a benchmark spec
 * with its defaults, a preset that exists, limits within the global ones, labels by their rules).
 * The instance's own workload must keep within its own limits, or no session could use it.
 * @throws InvalidArgumentError naming the field (`limits.max_clients`, `workload.benchmark.duration_s`, `labels`, `knobs[1]`).
 */
export function checkInstanceSettings(request: InstanceSettingsRequest): InstanceSettings {
  const parsed = parseRequest(
    z.object({ workload: WorkloadSchema, knobs: KnobListSchema, limits: LimitsSchema, labels: LabelsSchema }),
    { workload: request.workload, knobs: request.knobs, limits: request.limits, labels: request.labels },
  );
  const workload = workloadOf(parsed.workload);
  if (workload && 'benchmark' in workload) {
    const over = benchmarkBeyondLimits(workload.benchmark, parsed.limits);
    if (over) throw new InvalidArgumentError(`workload.benchmark.${over.option}`, `${over.value} is beyond the instance's own limit ${over.limit} ${over.cap}`);
  }
  return { workload, knobs: parsed.knobs, limits: parsed.limits, labels: parsed.labels };
}

/** Whether a request carries settings at all: one carrying none keeps the stored ones. */
export function carriesSettings(request: InstanceSettingsRequest): boolean {
  return Boolean(request.workload) || (request.knobs ?? []).length > 0 || Boolean(request.limits) || Object.keys(request.labels ?? {}).length > 0;
}

/** A benchmark's first value past a cap of `limits`, or null when it keeps within them. */
export function benchmarkBeyondLimits(
  benchmark: Pick<CompleteBenchmarkSpec, 'clients' | 'durationS'>,
  limits: InstanceLimitSettings,
): { option: string; value: number; limit: string; cap: number } | null {
  if (limits.maxClients > 0 && benchmark.clients > limits.maxClients) return { option: 'clients', value: benchmark.clients, limit: 'max_clients', cap: limits.maxClients };
  if (limits.maxDurationS > 0 && benchmark.durationS > limits.maxDurationS) return { option: 'duration_s', value: benchmark.durationS, limit: 'max_duration_s', cap: limits.maxDurationS };
  return null;
}

function workloadOf(workload: z.output<typeof WorkloadSchema>): InstanceWorkloadSetting | null {
  if (!workload) return null;
  if (workload.preset && workload.benchmark) throw new InvalidArgumentError('workload', 'give either a preset or a benchmark, not both');
  if (workload.preset) return { preset: findWorkloadPreset(workload.preset, 'workload.preset').name };
  if (workload.benchmark) return { benchmark: workload.benchmark };
  return null;
}
