import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import type { ResolvedSessionOptions } from '../../lib/session/session-options';
import type { OpenEnvironment, TuningEnvironment } from './tuning-environment';

/**
 * The session's environment on its instance, open between Open and Close (a round, or a
 * watch), and what a close or a stop puts back: the round's baseline on top of the collector's
 * recorded original.
 */
export class SessionEnvironment {
  /** Open between Open and Close; a stop with one open restores what the round (or the watch) started from. */
  private env: TuningEnvironment | undefined;
  /**
   * The round's baseline (round 1: the session's recorded original, its first baseline's knobs;
   * later: the configuration in force when the round opened), once known: what every restore puts back.
   */
  baselineKnobs: KnobSetting[] = [];

  constructor(
    private readonly sessionId: string,
    private readonly opts: ResolvedSessionOptions,
    private readonly openEnvironment: OpenEnvironment,
  ) {}

  /** The environment open now; only called between open() and close(). */
  get opened(): TuningEnvironment {
    return this.env!;
  }

  /** Opens the session's environment on its instance: at the start, and at every watch. */
  async open(collectorAddress: string): Promise<TuningEnvironment> {
    this.env = await this.openEnvironment({
      collectorAddress,
      knobs: this.opts.knobs,
      benchmark: this.opts.benchmark,
      rewardWeights: this.opts.rewardWeights,
      allowRestart: this.opts.allowRestart,
      allowDurabilityRisk: this.opts.allowDurabilityRisk,
      // Applied at every Open, a resume's too: its baseline is re-measured on the start configuration.
      startKnobs: this.opts.startKnobs,
    });
    return this.env;
  }

  /** Closes the environment: the round's baseline back, or what is in effect kept. */
  async close(keepCurrent: boolean): Promise<void> {
    const env = this.env!;
    await env.close(keepCurrent, this.originalToRestore());
    this.env = undefined;
  }

  /**
   * What a restore puts back on top of the collector's recorded original: the session's first
   * baseline, unless the session began from a start configuration. Then that baseline holds
   * the start's values, not the server's own, and only the collector's durable record (taken
   * before Open applied the start) knows the real original.
   */
  private originalToRestore(): KnobSetting[] {
    return this.opts.startKnobs.length > 0 ? [] : this.baselineKnobs;
  }

  /** Whether these knob values are those the open environment started from (its dimensions' baselines). */
  sameAsOpened(knobs: KnobSetting[]): boolean {
    return knobs.every((k) => this.env!.actionSpace.find((d) => d.name === k.name)?.baseline === k.value);
  }

  /** A stop with an environment open: the round's baseline back (in a watch, what is in force). */
  async restore(): Promise<void> {
    if (!this.env) return;
    await this.close(false).catch((err: unknown) => {
      logger.error({ session: this.sessionId, err: errorMessage(err) }, 'could not restore the original configuration');
    });
  }
}
