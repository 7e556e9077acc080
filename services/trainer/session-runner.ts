import { createAgent, type AgentOptions } from '../../model/create-agent';
import type { ReplayBuffer } from '../../model/replay/replay-buffer';
import type { AgentKind, TuningAgent } from '../../model/tuning-agent';
import { tuningStep } from '../../model/tuning-step';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { FailedPreconditionError, NotFoundError, UnavailableError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { resolveSessionOptions, type ResolvedSessionOptions } from '../../lib/session/session-options';
import { SESSION_CLAIM } from '../../lib/session/session-claim';
import type { IterationKind, IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { StoreUnavailableError } from '../../lib/store/store-unavailable-error';
import type { SessionRecord } from '../../lib/store/session-repository';
import { ensureReplay } from './replay-rebuild';
import type { OpenEnvironment, TuningEnvironment } from './tuning-environment';
import { createSessionAgent } from './session-agent';
import { StepRemeasure, remeasureMetrics } from './step-remeasure';
import { finishRound } from './finish-round';
import { iterationRow } from './iteration-row';
import { queryMixMemory } from './query-mix-memory';
import { verifiedLevel } from './verified-level';
import { WatchHold } from './watch-hold';
import { watchUntilDrift } from './watch-loop';

export interface SessionRunnerDeps {
  store: MetadataStore;
  openEnvironment: OpenEnvironment;
  /** The session's replay buffer (Redis in production), sized for its state and action. */
  openReplay: (sessionId: string, stateDim: number, actionDim: number) => Promise<ReplayBuffer>;
  workerId: string;
  /**
   * Builds the session's agent, before its checkpoint (if any) is loaded into it.
   * @defaultValue createAgent from model/
   */
  createAgent?: (kind: AgentKind, options: AgentOptions) => Promise<TuningAgent>;
  /** Ctrl-C: stop between runs, restore the server, leave the session resumable. */
  signal?: AbortSignal;
  /** @defaultValue SESSION_CLAIM.heartbeatMs (10 s) */
  heartbeatMs?: number;
}

/** `paused`: the collector could not be reached; the session waits in the store for it (trainer-worker.ts resumes it). */
export type SessionEnd = 'finished' | 'stopped' | 'cancelled' | 'paused' | 'failed';

/**
 * Runs one claimed session to its end: baseline, tuning steps (act, apply and measure,
 * observe, train; a promising step measured again as the next one), checkpoints, drift
 * re-measurements, then the interleaved verification, the per-knob ablation of a significant
 * recommendation, and the recommendation. Every run is written to the store before the next
 * starts, so a session can resume after a crash from the last checkpoint and the stored iterations.
 *
 * A continuous session does not end there: it watches the configuration in force
 * (watch-loop.ts) and, when it drifts below its verified level, runs another round of the
 * same (the same agent and replay buffer, the configuration in force as the round's
 * baseline), until max_rounds or a stop. Every row carries its round; a resume picks up the
 * latest round where it stopped, or the watch when that round's recommendation is stored.
 */
export class SessionRunner {
  private readonly stop = new AbortController();
  private readonly opts: ResolvedSessionOptions;
  /** Open between Open and Close; a stop with one open restores what the round (or the watch) started from. */
  private env: TuningEnvironment | undefined;
  /** Held from before a watch opens its environment until it is closed, or the session is running again (watch-hold.ts). */
  private watchHold: WatchHold | undefined;
  private collectorAddress = '';
  /** The tuning round the rows being written belong to: 1, then one more for each drift. */
  private round = 1;
  private agent: TuningAgent | undefined;
  private replay: ReplayBuffer | undefined;
  /**
   * The round's baseline (round 1: the session's recorded original, its first baseline's knobs;
   * later: the configuration in force when the round opened), once known: what every restore puts back.
   */
  private baselineKnobs: KnobSetting[] = [];
  /** Transitions the replay buffer held at the last look: fewer later means Redis lost them. */
  private replayHeld = 0;
  /** Rows stored so far per kind: the next row's n. */
  private readonly counts = new Map<IterationKind, number>();

  constructor(
    private readonly session: SessionRecord,
    private readonly deps: SessionRunnerDeps,
  ) {
    this.opts = resolveSessionOptions(session.options);
  }

  async run(): Promise<SessionEnd> {
    const { store, workerId, signal } = this.deps;
    const id = this.session.id;
    const heartbeat = setInterval(() => void this.beat(), this.deps.heartbeatMs ?? SESSION_CLAIM.heartbeatMs);
    const forwardStop = () => this.stop.abort(signal!.reason);
    signal?.addEventListener('abort', forwardStop, { once: true });
    try {
      this.collectorAddress = (await store.instances.get(this.session.instanceId)).collectorAddress;
      this.round = Math.max(1, this.session.round);
      // Every row stored so far, this once: the next n of each kind, and a resume's starting point.
      const iterations = await store.iterations.list(id);
      for (const row of iterations) this.counts.set(row.kind, Math.max(this.counts.get(row.kind) ?? 0, row.n));
      let appliedBest = false;
      if (!(await this.roundConcluded())) {
        // A continuous session whose trainer died after a drift opened this round: tuning again,
        // once no approval or rollback is in progress (the round would fight it).
        if (this.session.status === 'watching') {
          await this.holdForWatch();
          await store.sessions.setStatus(id, 'running');
          await this.endWatchHold();
        }
        await this.openEnvironment();
        const { state, stepsDone } = await this.prepare(iterations);
        appliedBest = await this.tuneAndFinish(state, stepsDone);
      }
      while (this.opts.continuous && (this.opts.maxRounds === 0 || this.round < this.opts.maxRounds)) {
        await store.sessions.setStatus(id, 'watching');
        this.progress({ status: 'watching', message: `round ${this.round} recommended; watching the configuration in force every ${this.opts.watchIntervalS} s` });
        const state = await this.nextRound();
        appliedBest = await this.tuneAndFinish(state, 0);
      }
      await store.sessions.setStatus(id, 'finished');
      this.progress({ status: 'finished', message: appliedBest ? 'recommended configuration applied' : 'original configuration restored' });
      return 'finished';
    } catch (err) {
      const claim = await this.claim();
      if (claim === 'lost') {
        // Another trainer took the session over (this one looked dead): the server and the
        // session are its business now, so touch neither.
        logger.warn({ session: id, worker: workerId }, 'lost the session to another trainer; stopping');
        return 'stopped';
      }
      await this.restoreServer();
      if (err instanceof StoreUnavailableError || claim === 'unreachable') {
        // The store went away (restarted, network): nothing can be recorded, and nothing is
        // wrong with the session. It stays claimed by this worker, with every stored run, and
        // is taken over (by this trainer too) once its heartbeat is stale: resumed, not failed.
        logger.warn({ session: id, err: errorMessage(err) }, 'metadata store unreachable; the session stops here and resumes when the store is back');
        return 'stopped';
      }
      // A cancel can land between two status changes (a round's recommendation stored, then
      // watching): the refused change is the cancel's doing, not a failure.
      const cancelledMeanwhile = !this.stop.signal.aborted && (await store.sessions.status(id).catch(() => undefined)) === 'cancelled';
      if (this.stop.signal.aborted || cancelledMeanwhile) {
        const cancelled = cancelledMeanwhile || this.stop.signal.reason === 'cancelled';
        if (cancelled) await store.sessions.setStatus(id, 'cancelled').catch(() => undefined);
        else await store.sessions.release(id, workerId).catch(() => undefined);
        this.progress({ status: cancelled ? 'cancelled' : 'stopped', message: 'stopped; the configuration this round (or watch) started from is back' });
        return cancelled ? 'cancelled' : 'stopped';
      }
      if (err instanceof UnavailableError) {
        // The collector (directly or behind the environment service) does not answer, or says
        // its server does not: killed, restarting, the server down. Nothing is wrong with the
        // session, and a new collector puts the recorded original back by itself: paused,
        // released, resumed with every stored run (its baseline measured again) once the
        // collector answers a health check.
        const reason = `${errorMessage(err)}; paused until the collector and its server answer again, then resumed by a trainer`;
        logger.warn({ session: id, err: errorMessage(err) }, 'collector or its server unreachable; session paused until the collector answers a health check');
        // Not paused (cancelled meanwhile, or the store is away too: the claim then goes stale
        // and the session is taken over as after a store outage): this run just stops.
        if (!(await store.sessions.pause(id, workerId, reason).catch(() => false))) return 'stopped';
        this.progress({ status: 'paused', message: reason });
        return 'paused';
      }
      const message = errorMessage(err);
      logger.error({ session: id, err }, 'session failed');
      await store.sessions.setStatus(id, 'failed', message).catch(() => undefined);
      this.progress({ status: 'failed', message });
      return 'failed';
    } finally {
      // After any restore above: a change may begin once the watch's environment is closed.
      await this.endWatchHold();
      clearInterval(heartbeat);
      signal?.removeEventListener('abort', forwardStop);
      await this.agent?.dispose();
      await this.replay?.close();
    }
  }

  /** Opens the session's environment on its instance: at the start, and at every watch. */
  private async openEnvironment(): Promise<TuningEnvironment> {
    this.env = await this.deps.openEnvironment({
      collectorAddress: this.collectorAddress,
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
  private async closeEnvironment(keepCurrent: boolean): Promise<void> {
    const env = this.env!;
    await env.close(keepCurrent, this.originalToRestore());
    this.env = undefined;
  }

  /** A continuous session whose latest round's recommendation is stored: that round is done, the session watches. */
  private async roundConcluded(): Promise<boolean> {
    if (!this.opts.continuous || this.session.round === 0) return false;
    const latest = await this.deps.store.recommendations.get(this.session.id).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    });
    return latest?.round === this.session.round;
  }

  private async tuneAndFinish(state: number[], stepsDone: number): Promise<boolean> {
    await this.tune(state, stepsDone);
    await this.deps.store.sessions.setStatus(this.session.id, 'verifying');
    return this.finish();
  }

  /**
   * Watches until drift or a change of the query mix (watch-loop.ts), then opens the next round on the watch's environment:
   * the configuration in force is its baseline, measured as the reward's reference and stored
   * before anything else, with the agent and replay buffer as they are (loaded from the last
   * checkpoint and the store when this trainer resumed the session while it watched).
   */
  private async nextRound(): Promise<number[]> {
    const { store } = this.deps;
    const id = this.session.id;
    const drift = await watchUntilDrift({
      intervalS: this.opts.watchIntervalS,
      runs: this.opts.watchRuns,
      threshold: this.opts.driftThreshold,
      mixThreshold: this.opts.mixThreshold,
      signal: this.stop.signal,
      reference: (inForce) => verifiedLevel(store, id, inForce),
      mixMemory: () => queryMixMemory(store, id, this.round),
      open: async () => {
        await this.holdForWatch();
        const env = await this.openEnvironment();
        // What a stop during the watch leaves: what is in force, unchanged.
        this.baselineKnobs = env.actionSpace.map((d) => ({ name: d.name, value: d.baseline }));
        return env;
      },
      close: async () => {
        await this.closeEnvironment(true);
        await this.endWatchHold();
      },
      record: async (outcome, metrics) => {
        await this.record('watch', outcome, { metrics });
        this.progress({ status: 'watching', tps: outcome.benchmark?.tps ?? 0, message: `watch run ${Number(metrics.run) + 1}` });
      },
    });
    // Running while the watch still holds: no change is in progress now, and begin() refuses any from here on.
    await store.sessions.setStatus(id, 'running');
    await this.endWatchHold();
    this.progress({ status: 'running', message: `${drift.reason}; opening round ${this.round + 1}` });
    this.round += 1;
    this.baselineKnobs = drift.inForce;
    if (!this.agent) await this.createAgent(await store.iterations.list(id), drift.inForce);
    const outcome = await drift.env.reset();
    await this.record('baseline', outcome, { metrics: { opened: drift.reason } });
    return outcome.state;
  }

  /** Begins the watch's hold on the instance, waiting while an approval or a rollback is in progress. */
  private async holdForWatch(): Promise<void> {
    this.watchHold = await WatchHold.begin({ store: this.deps.store, instanceId: this.session.instanceId, sessionId: this.session.id, signal: this.stop.signal });
  }

  /** Ends the watch's hold, if one is held; a hold that cannot be ended lapses (CONFIGURATION_CHANGE_HOLD). */
  private async endWatchHold(): Promise<void> {
    const hold = this.watchHold;
    this.watchHold = undefined;
    await hold?.end().catch((err: unknown) => {
      logger.error({ session: this.session.id, err: errorMessage(err) }, "could not end the watch's hold on the instance: approvals wait until it lapses");
    });
  }

  /**
   * The baseline (fresh) or where a previous run stopped (resume): the agent restored from
   * the last checkpoint, the replay buffer refilled from the store if Redis lost it.
   */
  private async prepare(iterations: IterationRecord[]): Promise<{ state: number[]; stepsDone: number }> {
    const env = this.env!;
    const baselines = iterations.filter((r) => r.kind === 'baseline' && r.round === this.round);
    let baselineKnobs: KnobSetting[];
    let outcome: StepOutcome;
    if (baselines.length === 0) {
      this.progress({ status: 'running', message: 'measuring the baseline' });
      outcome = await env.reset();
      baselineKnobs = outcome.knobs;
    } else {
      baselineKnobs = baselines[0]!.knobs;
      this.baselineKnobs = baselineKnobs;
      // A trainer that died may have left a step's configuration on the server: put the
      // baseline back before re-measuring it as the reward's reference.
      if (!this.sameAsOpened(baselineKnobs)) await this.record('drift', await env.measure(baselineKnobs));
      this.progress({ status: 'running', message: 'resuming: measuring the baseline again' });
      outcome = await env.reset();
    }
    await this.record('baseline', outcome);
    this.baselineKnobs = baselineKnobs;
    const stepsDone = iterations.filter((r) => r.kind === 'step' && r.round === this.round).length;
    await this.createAgent(iterations, baselineKnobs);
    return { state: outcome.state, stepsDone };
  }

  private async createAgent(iterations: IterationRecord[], baselineKnobs: KnobSetting[]): Promise<void> {
    const env = this.env!;
    const stateDim = env.stateNames.length;
    const actionDim = env.actionSpace.length;
    const stored = iterations.find((r) => r.state && r.state.length !== stateDim);
    if (stored) {
      throw new FailedPreconditionError(
        `the server now reports ${stateDim} state metrics where this session stored ${stored.state!.length}; start a new session`,
      );
    }
    this.replay = await this.deps.openReplay(this.session.id, stateDim, actionDim);
    const rebuilt = await ensureReplay(this.replay, iterations);
    if (rebuilt > 0) logger.info({ session: this.session.id, transitions: rebuilt }, 'replay buffer rebuilt from the store');
    this.replayHeld = await this.replay.size();
    this.agent = await createSessionAgent({
      sessionId: this.session.id,
      opts: this.opts,
      env,
      options: { stateDim, actionDim, seed: this.opts.seed, replay: this.replay },
      baselineKnobs,
      stepsDone: this.counts.get('step') ?? 0,
      create: this.deps.createAgent ?? createAgent,
    });
    const checkpoint = await this.deps.store.checkpoints.latest(this.session.id);
    if (checkpoint) await this.agent.load(new Uint8Array(checkpoint.weights));
  }

  /** The round's tuning steps after `stepsDone` of them: `iterations` per round, numbered on across rounds. */
  private async tune(initialState: number[], stepsDone: number): Promise<void> {
    const { store } = this.deps;
    const agent = this.agent!;
    const env = this.env!;
    const baselineKnobs = this.baselineKnobs;
    let state = Float32Array.from(initialState);
    // Rewards are relative to the round's baseline: only the round's steps rank against each other.
    const remeasure = new StepRemeasure(this.opts.remeasureTop, await store.iterations.list(this.session.id, 'step', this.round));
    /** The action of the step before when this step re-measures it (step-remeasure.ts). */
    let again: Float32Array | undefined;
    for (let k = stepsDone + 1; k <= this.opts.iterations; k++) {
      this.stop.signal.throwIfAborted();
      const n = (this.counts.get('step') ?? 0) + 1;
      await this.keepReplay();
      const metrics = again ? remeasureMetrics(n - 1) : undefined;
      const { action, applied, stats } = await tuningStep(agent, state, {
        action: again,
        apply: async (action) => {
          const result = await env.step(Array.from(action));
          return { ...result, nextState: Float32Array.from(result.outcome.state) };
        },
        record: (action, { outcome, reward }) => this.record('step', outcome, { reward, action: Array.from(action), metrics }),
      });
      const { outcome, reward, failed } = applied;
      state = applied.nextState;
      again = remeasure.next(action, applied, metrics !== undefined);
      this.progress({
        status: 'running',
        iteration: n,
        tps: failed ? 0 : (outcome.benchmark?.tps ?? 0),
        reward,
        message: failed
          ? `step ${n} failed: ${outcome.error}`
          : stats.updates === 0
            ? `step ${n}: collecting experience`
            : `step ${n}: ${stats.updates} updates, critic loss ${stats.criticLoss.toFixed(4)}`,
      });
      await this.keepReplay();
      if (k % this.opts.checkpointEvery === 0 || k === this.opts.iterations) {
        await store.checkpoints.save({ sessionId: this.session.id, step: n, weights: await agent.save() });
      }
      if (this.opts.baselineEvery > 0 && k % this.opts.baselineEvery === 0 && k < this.opts.iterations) {
        const drift = await env.measure(baselineKnobs);
        await this.record('drift', drift);
      }
    }
  }

  /**
   * Redis keeps no copy of its own (a restart empties it, and the buffer reconnects by
   * itself), and a buffer never shrinks otherwise: one that holds fewer transitions than at
   * the last look, before or after a step, is refilled from the store, which has every step.
   */
  private async keepReplay(): Promise<void> {
    const replay = this.replay!;
    const size = await replay.size();
    if (size < this.replayHeld) {
      const rebuilt = await ensureReplay(replay, await this.deps.store.iterations.list(this.session.id));
      logger.info({ session: this.session.id, transitions: rebuilt }, 'replay buffer lost its transitions (Redis restarted?); rebuilt from the store');
    }
    this.replayHeld = size < this.replayHeld ? await replay.size() : size;
  }

  /** Verifies the round's best candidates, stores its recommendation, restores (or keeps the best): finish-round.ts. */
  private finish(): Promise<boolean> {
    return finishRound({
      store: this.deps.store,
      session: this.session,
      round: this.round,
      opts: this.opts,
      env: this.env!,
      baselineKnobs: this.baselineKnobs,
      signal: this.stop.signal,
      record: (kind, outcome, metrics) => this.record(kind, outcome, { metrics }),
      progress: (tps, message) => this.progress({ status: 'verifying', tps, message }),
      close: (keepCurrent) => this.closeEnvironment(keepCurrent),
    });
  }

  /** Stores a run before anything else happens: a crash after this loses nothing. */
  private async record(
    kind: IterationKind,
    outcome: StepOutcome,
    extra: { reward?: number; action?: number[]; metrics?: Record<string, unknown> } = {},
  ): Promise<void> {
    const n = (this.counts.get(kind) ?? 0) + 1;
    await this.deps.store.iterations.insert({ ...iterationRow(this.session.id, kind, n, outcome, extra), round: this.round });
    this.counts.set(kind, n);
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

  private sameAsOpened(knobs: KnobSetting[]): boolean {
    return knobs.every((k) => this.env!.actionSpace.find((d) => d.name === k.name)?.baseline === k.value);
  }

  /** A heartbeat; a cancelled session or a lost claim stops the loop at the next boundary. */
  private async beat(): Promise<void> {
    try {
      const status = await this.deps.store.sessions.heartbeat(this.session.id, this.deps.workerId);
      if (status === 'cancelled') this.stop.abort('cancelled');
    } catch (err) {
      // A store that is briefly away (restarting) costs a heartbeat, not the session: the next
      // write fails if it is still away, and the claim goes stale only after several misses.
      if (err instanceof StoreUnavailableError) {
        logger.warn({ session: this.session.id, err: errorMessage(err) }, 'heartbeat missed: metadata store unreachable');
        return;
      }
      logger.warn({ session: this.session.id, err: errorMessage(err) }, 'heartbeat failed; stopping');
      this.stop.abort('lost');
    }
  }

  /** Whether this worker still holds the session, by a heartbeat: 'lost' only when the store says another one does. */
  private async claim(): Promise<'held' | 'lost' | 'unreachable'> {
    try {
      await this.deps.store.sessions.heartbeat(this.session.id, this.deps.workerId);
      return 'held';
    } catch (err) {
      if (err instanceof FailedPreconditionError) return 'lost';
      return err instanceof StoreUnavailableError ? 'unreachable' : 'held';
    }
  }

  /** A stop with an environment open: the round's baseline back (in a watch, what is in force). */
  private async restoreServer(): Promise<void> {
    if (!this.env) return;
    await this.closeEnvironment(false).catch((err: unknown) => {
      logger.error({ session: this.session.id, err: errorMessage(err) }, 'could not restore the original configuration');
    });
  }

  /**
   * A line for the trainer's log. Watchers get their progress from the store instead
   * (WatchSession), which holds every run; what only this log says is the learner's side.
   */
  private progress(fields: { status: SessionEnd | 'running' | 'verifying' | 'watching'; iteration?: number; tps?: number; reward?: number; message: string }): void {
    const { message, ...rest } = fields;
    logger.info({ session: this.session.id, ...rest }, message);
  }
}
