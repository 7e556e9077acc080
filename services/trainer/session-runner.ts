import { createAgent, type AgentOptions } from '../../model/create-agent';
import type { ReplayBuffer } from '../../model/replay/replay-buffer';
import type { AgentKind, TuningAgent } from '../../model/tuning-agent';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import { FailedPreconditionError, NotFoundError, UnavailableError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { resolveSessionOptions, type ResolvedSessionOptions } from '../../lib/session/session-options';
import { SESSION_CLAIM } from '../../lib/session/session-claim';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { StoreUnavailableError } from '../../lib/store/store-unavailable-error';
import type { SessionRecord } from '../../lib/store/session-repository';
import { ClaimHeartbeat } from './claim-heartbeat';
import type { OpenEnvironment } from './tuning-environment';
import { createSessionAgent } from './session-agent';
import { SessionEnvironment } from './session-environment';
import { finishRound } from './finish-round';
import { IterationRecorder } from './iteration-recorder';
import { queryMixMemory } from './query-mix-memory';
import { ReplayKeeper } from './replay-keeper';
import { runTuningSteps } from './tuning-steps';
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
  /** The environment and the round's baseline a restore puts back (session-environment.ts). */
  private readonly environment: SessionEnvironment;
  /** Held from before a watch opens its environment until it is closed, or the session is running again (watch-hold.ts). */
  private watchHold: WatchHold | undefined;
  private collectorAddress = '';
  /** Writes the rows; its round is the tuning round they belong to. */
  private readonly rows: IterationRecorder;
  private readonly claim: ClaimHeartbeat;
  private agent: TuningAgent | undefined;
  private replay: ReplayKeeper | undefined;

  constructor(
    private readonly session: SessionRecord,
    private readonly deps: SessionRunnerDeps,
  ) {
    this.opts = resolveSessionOptions(session.options);
    this.environment = new SessionEnvironment(session.id, this.opts, deps.openEnvironment);
    this.rows = new IterationRecorder(deps.store, session.id);
    this.claim = new ClaimHeartbeat(deps.store, session.id, deps.workerId, this.stop);
  }

  async run(): Promise<SessionEnd> {
    const { store, workerId, signal } = this.deps;
    const id = this.session.id;
    const heartbeat = setInterval(() => void this.claim.beat(), this.deps.heartbeatMs ?? SESSION_CLAIM.heartbeatMs);
    const forwardStop = () => this.stop.abort(signal!.reason);
    signal?.addEventListener('abort', forwardStop, { once: true });
    try {
      this.collectorAddress = (await store.instances.get(this.session.instanceId)).collectorAddress;
      this.rows.round = Math.max(1, this.session.round);
      // Every row stored so far, this once: the next n of each kind, and a resume's starting point.
      const iterations = await store.iterations.list(id);
      this.rows.countStored(iterations);
      let appliedBest = false;
      if (!(await this.roundConcluded())) {
        // A continuous session whose trainer died after a drift opened this round: tuning again,
        // once no approval or rollback is in progress (the round would fight it).
        if (this.session.status === 'watching') {
          await this.holdForWatch();
          await store.sessions.setStatus(id, 'running');
          await this.endWatchHold();
        }
        await this.environment.open(this.collectorAddress);
        const { state, stepsDone } = await this.prepare(iterations);
        appliedBest = await this.tuneAndFinish(state, stepsDone);
      }
      while (this.opts.continuous && (this.opts.maxRounds === 0 || this.rows.round < this.opts.maxRounds)) {
        await store.sessions.setStatus(id, 'watching');
        this.progress({ status: 'watching', message: `round ${this.rows.round} recommended; watching the configuration in force every ${this.opts.watchIntervalS} s` });
        const state = await this.nextRound();
        appliedBest = await this.tuneAndFinish(state, 0);
      }
      await store.sessions.setStatus(id, 'finished');
      this.progress({ status: 'finished', message: appliedBest ? 'recommended configuration applied' : 'original configuration restored' });
      return 'finished';
    } catch (err) {
      const claim = await this.claim.check();
      if (claim === 'lost') {
        // Another trainer took the session over (this one looked dead): the server and the
        // session are its business now, so touch neither.
        logger.warn({ session: id, worker: workerId }, 'lost the session to another trainer; stopping');
        return 'stopped';
      }
      await this.environment.restore();
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
      mixMemory: () => queryMixMemory(store, id, this.rows.round),
      open: async () => {
        await this.holdForWatch();
        const env = await this.environment.open(this.collectorAddress);
        // What a stop during the watch leaves: what is in force, unchanged.
        this.environment.baselineKnobs = env.actionSpace.map((d) => ({ name: d.name, value: d.baseline }));
        return env;
      },
      close: async () => {
        await this.environment.close(true);
        await this.endWatchHold();
      },
      record: async (outcome, metrics) => {
        await this.rows.record('watch', outcome, { metrics });
        this.progress({ status: 'watching', tps: outcome.benchmark?.tps ?? 0, message: `watch run ${Number(metrics.run) + 1}` });
      },
    });
    // Running while the watch still holds: no change is in progress now, and begin() refuses any from here on.
    await store.sessions.setStatus(id, 'running');
    await this.endWatchHold();
    this.progress({ status: 'running', message: `${drift.reason}; opening round ${this.rows.round + 1}` });
    this.rows.round += 1;
    this.environment.baselineKnobs = drift.inForce;
    if (!this.agent) await this.createAgent(await store.iterations.list(id), drift.inForce);
    const outcome = await drift.env.reset();
    await this.rows.record('baseline', outcome, { metrics: { opened: drift.reason } });
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
    const env = this.environment.opened;
    const baselines = iterations.filter((r) => r.kind === 'baseline' && r.round === this.rows.round);
    let baselineKnobs: KnobSetting[];
    let outcome: StepOutcome;
    if (baselines.length === 0) {
      this.progress({ status: 'running', message: 'measuring the baseline' });
      outcome = await env.reset();
      baselineKnobs = outcome.knobs;
    } else {
      baselineKnobs = baselines[0]!.knobs;
      this.environment.baselineKnobs = baselineKnobs;
      // A trainer that died may have left a step's configuration on the server: put the
      // baseline back before re-measuring it as the reward's reference.
      if (!this.environment.sameAsOpened(baselineKnobs)) await this.rows.record('drift', await env.measure(baselineKnobs));
      this.progress({ status: 'running', message: 'resuming: measuring the baseline again' });
      outcome = await env.reset();
    }
    await this.rows.record('baseline', outcome);
    this.environment.baselineKnobs = baselineKnobs;
    const stepsDone = iterations.filter((r) => r.kind === 'step' && r.round === this.rows.round).length;
    await this.createAgent(iterations, baselineKnobs);
    return { state: outcome.state, stepsDone };
  }

  private async createAgent(iterations: IterationRecord[], baselineKnobs: KnobSetting[]): Promise<void> {
    const env = this.environment.opened;
    const stateDim = env.stateNames.length;
    const actionDim = env.actionSpace.length;
    const stored = iterations.find((r) => r.state && r.state.length !== stateDim);
    if (stored) {
      throw new FailedPreconditionError(
        `the server now reports ${stateDim} state metrics where this session stored ${stored.state!.length}; start a new session`,
      );
    }
    this.replay = new ReplayKeeper(await this.deps.openReplay(this.session.id, stateDim, actionDim), this.deps.store, this.session.id);
    await this.replay.fill(iterations);
    this.agent = await createSessionAgent({
      sessionId: this.session.id,
      opts: this.opts,
      env,
      options: { stateDim, actionDim, seed: this.opts.seed, replay: this.replay.buffer },
      baselineKnobs,
      stepsDone: this.rows.stored('step'),
      create: this.deps.createAgent ?? createAgent,
    });
    const checkpoint = await this.deps.store.checkpoints.latest(this.session.id);
    if (checkpoint) await this.agent.load(new Uint8Array(checkpoint.weights));
  }

  /** The round's tuning steps after `stepsDone` of them: tuning-steps.ts. */
  private tune(initialState: number[], stepsDone: number): Promise<void> {
    return runTuningSteps({
      store: this.deps.store,
      sessionId: this.session.id,
      opts: this.opts,
      agent: this.agent!,
      replay: this.replay!,
      env: this.environment.opened,
      baselineKnobs: this.environment.baselineKnobs,
      rows: this.rows,
      initialState,
      stepsDone,
      signal: this.stop.signal,
      progress: (fields) => this.progress({ status: 'running', ...fields }),
    });
  }

  /** Verifies the round's best candidates, stores its recommendation, restores (or keeps the best): finish-round.ts. */
  private finish(): Promise<boolean> {
    return finishRound({
      store: this.deps.store,
      session: this.session,
      round: this.rows.round,
      opts: this.opts,
      env: this.environment.opened,
      baselineKnobs: this.environment.baselineKnobs,
      signal: this.stop.signal,
      record: (kind, outcome, metrics) => this.rows.record(kind, outcome, { metrics }),
      progress: (tps, message) => this.progress({ status: 'verifying', tps, message }),
      close: (keepCurrent) => this.environment.close(keepCurrent),
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
