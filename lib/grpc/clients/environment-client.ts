import * as grpc from '@grpc/grpc-js';
import type { BenchmarkSpec } from '../../../proto/generated/autotune/v1/BenchmarkSpec';
import type { CloseResponse__Output } from '../../../proto/generated/autotune/v1/CloseResponse';
import type { EnvironmentClient as GeneratedEnvironmentClient } from '../../../proto/generated/autotune/v1/Environment';
import type { KnobSetting, KnobSetting__Output } from '../../../proto/generated/autotune/v1/KnobSetting';
import type { MeasureResponse__Output } from '../../../proto/generated/autotune/v1/MeasureResponse';
import type { OpenRequest } from '../../../proto/generated/autotune/v1/OpenRequest';
import type { OpenResponse__Output } from '../../../proto/generated/autotune/v1/OpenResponse';
import type { QueryMix__Output } from '../../../proto/generated/autotune/v1/QueryMix';
import type { ResetResponse__Output } from '../../../proto/generated/autotune/v1/ResetResponse';
import type { StepOutcome__Output } from '../../../proto/generated/autotune/v1/StepOutcome';
import type { StepResponse__Output } from '../../../proto/generated/autotune/v1/StepResponse';
import { RESTART_WARMUP_S } from '../../session/session-limits';
import { autotuneV1 } from '../autotune-proto';
import { clientChannel, type ClientSecurity } from '../channel-credentials';
import { InternalRemoteError } from '../grpc-errors';
import { unaryCall } from '../unary-call';

/** A Step's answer with its outcome always present. */
export interface StepReply {
  outcome: StepOutcome__Output;
  reward: number;
  /** Nothing was measured; the reward is the bounded failure penalty. */
  failed: boolean;
}

// Deadlines follow what the environment does on the collector, each call within the
// CollectorClient's own deadlines: quick reads (30 s each), an ApplyKnobs (up to 15 min:
// restart and rollback), a benchmark (its duration and warm-up, plus 2 min).
const MINUTE_MS = 60_000;
const READ_MS = 30_000;
const APPLY_MS = 15 * MINUTE_MS;
const BENCHMARK_MARGIN_MS = 2 * MINUTE_MS;
/** Benchmark seconds assumed for an environment this client did not open. */
const UNKNOWN_BENCHMARK_S = 3600;

/**
 * A promise-based client of the Environment service; what the trainer uses to reach one.
 * Deadlines derive from the benchmark spec given to `open` (remembered per env_id): a Step
 * may apply, restart, warm up, benchmark and roll back, and gets time for all of it.
 */
export class EnvironmentClient {
  private readonly client: GeneratedEnvironmentClient;
  private readonly what: string;
  private readonly benchmarkSeconds = new Map<string, number>();

  /** `security`: the process's own (channel-credentials.ts) unless given. */
  constructor(readonly address: string, security?: ClientSecurity) {
    const channel = clientChannel(security);
    this.client = new (autotuneV1().Environment)(address, channel.credentials, channel.options);
    this.what = `environment service at ${address}`;
  }

  /** Opens an environment: its id, action space and state names. */
  async open(request: OpenRequest): Promise<OpenResponse__Output> {
    const reply = await unaryCall<OpenResponse__Output>(this.what, 4 * READ_MS, (o, cb) => this.client.open(request, o, cb));
    this.benchmarkSeconds.set(reply.envId, runSeconds(request.benchmark ?? {}));
    return reply;
  }

  /** Benchmarks the configuration in effect as the reward's baseline. */
  async reset(envId: string): Promise<StepOutcome__Output> {
    const reply = await unaryCall<ResetResponse__Output>(this.what, this.benchmarkMs(envId) + 4 * READ_MS, (o, cb) => this.client.reset({ envId }, o, cb));
    return present(reply.baseline, 'Reset');
  }

  /** One step: the action (one value in [-1,1] per knob, in action-space order) applied, measured and scored. */
  async step(envId: string, action: readonly number[]): Promise<StepReply> {
    const timeoutMs = 2 * APPLY_MS + this.benchmarkMs(envId) + 4 * READ_MS;
    const reply = await unaryCall<StepResponse__Output>(this.what, timeoutMs, (o, cb) => this.client.step({ envId, action: [...action] }, o, cb));
    return { outcome: present(reply.outcome, 'Step'), reward: reply.reward, failed: reply.failed };
  }

  /** Applies these values of tuned knobs and benchmarks them, without a reward. */
  async measure(envId: string, knobs: readonly KnobSetting[]): Promise<StepOutcome__Output> {
    const timeoutMs = APPLY_MS + this.benchmarkMs(envId) + 4 * READ_MS;
    const reply = await unaryCall<MeasureResponse__Output>(this.what, timeoutMs, (o, cb) => this.client.measure({ envId, knobs: [...knobs] }, o, cb));
    return present(reply.outcome, 'Measure');
  }

  /** The server's query mix since the reading `since` (Collector.GetQueryMix through the environment's collector). */
  readQueryMix(envId: string, since: string, include: readonly string[]): Promise<QueryMix__Output> {
    return unaryCall<QueryMix__Output>(this.what, 2 * READ_MS, (o, cb) => this.client.readQueryMix({ envId, since, include: [...include] }, o, cb));
  }

  /**
   * Restores the server's original configuration (`original`, the session's recorded one, when
   * given), unless keepCurrent, and forgets the environment.
   */
  async close(envId: string, keepCurrent = false, original: readonly KnobSetting[] = []): Promise<KnobSetting__Output[]> {
    const reply = await unaryCall<CloseResponse__Output>(this.what, APPLY_MS + 2 * READ_MS, (o, cb) =>
      this.client.Close({ envId, keepCurrent, original: [...original] }, o, cb),
    );
    this.benchmarkSeconds.delete(envId);
    return reply.inEffect;
  }

  /** Closes the channel; open environments stay open on the service. */
  closeClient(): void {
    // The generated stub's own `close` is the Close RPC: call the channel's close past it.
    grpc.Client.prototype.close.call(this.client);
  }

  private benchmarkMs(envId: string): number {
    return (this.benchmarkSeconds.get(envId) ?? UNKNOWN_BENCHMARK_S) * 1000 + BENCHMARK_MARGIN_MS;
  }
}

/** Seconds one benchmark run may take: warm-up (at least the post-restart one) and duration. */
function runSeconds(spec: BenchmarkSpec): number {
  return Math.max(spec.warmupS ?? 0, RESTART_WARMUP_S) + (spec.durationS ?? 0);
}

function present<T>(value: T | null | undefined, method: string): T {
  if (value === null || value === undefined) throw new InternalRemoteError(`Environment.${method} answered without an outcome`);
  return value;
}
