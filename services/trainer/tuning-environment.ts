import type { KnobDimension__Output } from '../../proto/generated/autotune/v1/KnobDimension';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { QueryMix__Output as QueryMix } from '../../proto/generated/autotune/v1/QueryMix';
import type { OpenRequest } from '../../proto/generated/autotune/v1/OpenRequest';
import type { ServerInfo__Output as ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';

/**
 * What the trainer needs of one opened environment. The trainer reaches the Environment
 * service only through its gRPC client (grpc-environment.ts); this seam keeps the loop
 * readable and lets a unit test drive it over the synthetic surface of model/
 * (synthetic-tuning-environment.ts).
 */
export interface TuningEnvironment {
  readonly actionSpace: KnobDimension__Output[];
  readonly stateNames: string[];
  /** The server's facts (RAM, CPUs, max_connections, version) as the collector reported them; null when unknown. */
  readonly server: ServerInfo | null;
  /** Benchmarks the configuration in effect and makes it the reward's reference. */
  reset(): Promise<StepOutcome>;
  step(action: number[]): Promise<{ outcome: StepOutcome; reward: number; failed: boolean }>;
  /** Applies these knob values and benchmarks them, without a reward. */
  measure(knobs: KnobSetting[]): Promise<StepOutcome>;
  /** The server's query mix since the reading `since` ('' starts one), the `include`d queryids always listed (Environment.ReadQueryMix). */
  readQueryMix(since: string, include: readonly string[]): Promise<QueryMix>;
  /**
   * Restores the session's original configuration, `original` (the baseline's knobs), unless
   * keepCurrent, and forgets the environment.
   */
  close(keepCurrent: boolean, original: KnobSetting[]): Promise<void>;
}

export type OpenEnvironment = (request: OpenRequest) => Promise<TuningEnvironment>;
