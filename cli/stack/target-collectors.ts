import { cappedBackoffMs } from '../../lib/core/capped-backoff';
import { errorMessage, FailedPreconditionError, NotFoundError } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { collectorHoldsTarget } from '../../lib/grpc/collector-holds-target';
import { INSTANCE_HEARTBEAT, TARGET_COLLECTORS } from '../../lib/grpc/service-defaults';
import { checkInstanceTarget, type InstanceTarget } from '../../lib/session/instance-target';
import type { Instance__Output } from '../../proto/generated/autotune/v1/Instance';
import { startTargetCollectorProcess, type TargetCollectorFlags, type TargetCollectorProcess } from './target-collector-process';

export interface TargetCollectorsOptions extends TargetCollectorFlags {
  /** The Discovery service to read and announce to (this `serve all`'s own). */
  discoveryAddress: string;
  /** @defaultValue INSTANCE_HEARTBEAT.intervalMs */
  heartbeatIntervalMs?: number;
}

/** One collector this process runs, for the instance of that name. */
interface Managed {
  process: TargetCollectorProcess;
  /** Set once Discovery took the announcement; heartbeats from then on. */
  announced: boolean;
  lastBeatMs: number;
}

/**
 * The collectors `serve all` runs for instances registered by target (`target:` in an
 * instance file), learnt from Discovery over gRPC like any other client. Every
 * TARGET_COLLECTORS.pollMs:
 *
 * 1. ListInstances. An instance has a target and no collector holds it (collector-holds-target.ts,
 *    the rule Discovery applies too: none announced, it reads unavailable, nothing listens at
 *    its address, or the collector there serves another target): start `serve collector` for
 *    it in a child process on a free loopback port (target-collector-process.ts), wait until it
 *    serves, then RegisterInstance(name, its address, target, data_dir). Discovery refuses it
 *    (FAILED_PRECONDITION) when another collector was announced meanwhile or still holds the
 *    target (a second `serve all` on the same store won): the child is stopped, the start
 *    counts as failed (backoff) and Discovery's reason, naming that collector, is reported.
 * 2. For each collector running here: its instance is gone (deregistered), no longer has a
 *    target (it was registered by a collector of its own), has another target or data
 *    directory, or names another collector (announced over this one once it no longer held
 *    it): stop it (SIGTERM, it puts back an unfinished change). The stop runs beside the
 *    rounds (it may take TARGET_COLLECTORS.stopGraceMs), so the other instances keep beating;
 *    until it ends no collector is started for that instance. A target that changed gets a
 *    new collector in a later round.
 * 3. Heartbeat each announced instance every heartbeat interval while its child runs; a beat
 *    answered NOT_FOUND (deregistered meanwhile) stops it.
 *
 * Each child holds an IPC channel to this process as its lifeline: when this process dies,
 * SIGKILL included, the child stops as on SIGTERM (cli/stop-with-parent.ts), so no collector
 * runs on orphaned beside the one a restarted `serve all` starts.
 * A child that exits on its own is logged and started again, after 2 s doubling up to 60 s of
 * failures in a row. A listed target today's rule refuses (instance-target.ts; a store
 * written before it) is logged once and gets no collector. When `serve all` restarts, step 1
 * finds the instances again in the registry. A Discovery that does not answer is logged; the
 * children keep running.
 */
export class TargetCollectors {
  private readonly client: DiscoveryClient;
  private readonly heartbeatMs: number;
  private readonly managed = new Map<string, Managed>();
  private readonly failures = new Map<string, { count: number; notBeforeMs: number }>();
  /** Targets the rule refuses (stored by an older Discovery), by instance name: said once, never started. */
  private readonly refused = new Map<string, string>();
  /** Starts under way, by instance name: they run beside the rounds, so one slow server holds up no heartbeat. */
  private readonly starting = new Map<string, Promise<void>>();
  /** Stops under way, by instance name: nothing new starts for it until the old one has put back its change. */
  private readonly stopping = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(private readonly options: TargetCollectorsOptions) {
    this.client = new DiscoveryClient(options.discoveryAddress);
    this.heartbeatMs = options.heartbeatIntervalMs ?? INSTANCE_HEARTBEAT.intervalMs;
  }

  /** Starts the first round at once. */
  static start(options: TargetCollectorsOptions): TargetCollectors {
    const collectors = new TargetCollectors(options);
    collectors.schedule(0);
    return collectors;
  }

  /** Stops the rounds and every child (each puts back an unfinished change); the instances stay registered and turn unavailable. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    const stopAll = () => Promise.all([...this.managed.keys()].map((name) => this.stopOne(name, 'serve all stops')));
    // Children still starting are stopped too (their start then fails at once), then whatever those starts left.
    await stopAll();
    await Promise.all(this.starting.values());
    await stopAll();
    await Promise.all(this.stopping.values());
    this.client.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.step().finally(() => this.schedule(TARGET_COLLECTORS.pollMs));
    }, delayMs);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    let instances: Instance__Output[];
    try {
      instances = await this.client.listInstances();
    } catch (err) {
      logger.warn({ discovery: this.options.discoveryAddress, err: errorMessage(err) }, 'cannot list instances; the collectors started for targets keep running');
      return;
    }
    const byName = new Map(instances.map((i) => [i.name, i]));
    for (const [name, m] of [...this.managed]) {
      const why = reasonToStop(byName.get(name), m);
      // Not awaited: a slow stop must not hold up the heartbeats of this round.
      if (why) void this.stopOne(name, why);
    }
    for (const instance of instances) {
      if (this.stopped) return;
      const { name } = instance;
      if (!instance.target || this.managed.has(name) || this.starting.has(name) || this.stopping.has(name)) continue;
      const failed = this.failures.get(name);
      if (failed && Date.now() < failed.notBeforeMs) continue;
      const target = this.checked(instance);
      if (!target || (await servedElsewhere(instance))) continue;
      const start = this.startOne(name, target).finally(() => this.starting.delete(name));
      this.starting.set(name, start);
    }
    await this.beat();
  }

  /** The instance's target if today's rule (instance-target.ts) takes it; a store written before may hold one it refuses. */
  private checked(instance: Instance__Output): InstanceTarget | undefined {
    try {
      checkInstanceTarget({ target: instance.target, dataDir: instance.dataDir || null });
      this.refused.delete(instance.name);
      // As stored: reasonToStop compares the running collector's target with the listed one.
      return { target: instance.target, dataDir: instance.dataDir || null };
    } catch (err) {
      if (this.refused.get(instance.name) !== instance.target) {
        this.refused.set(instance.name, instance.target);
        logger.error({ instance: instance.name, err: errorMessage(err) }, 'the registered target breaks the rules of a target; no collector is started until it is registered again');
      }
      return undefined;
    }
  }

  private async startOne(name: string, target: InstanceTarget): Promise<void> {
    const where = { instance: name, target: target.target, dataDir: target.dataDir ?? undefined };
    let child: TargetCollectorProcess | undefined;
    try {
      child = await startTargetCollectorProcess(target, this.options);
      const managed: Managed = { process: child, announced: false, lastBeatMs: 0 };
      this.managed.set(name, managed);
      void child.exited.then(() => {
        if (this.managed.get(name) !== managed) return;
        // Exited on its own: forget it; the next round starts another after the backoff.
        this.managed.delete(name);
        this.failed(name);
        logger.warn(where, 'the collector started for this target exited; starting another');
      });
      await child.started;
      if (this.stopped) return;
      try {
        await this.client.registerInstance(name, child.address, { target: target.target, dataDir: target.dataDir ?? '' });
      } catch (err) {
        if (!(err instanceof FailedPreconditionError)) throw err;
        // Another collector was announced first or holds the target (a second `serve all` on this store), or the target moved meanwhile: this one is not needed.
        this.failed(name);
        await this.stopOne(name, errorMessage(err));
        await this.report(name, target, errorMessage(err));
        return;
      }
      managed.announced = true;
      managed.lastBeatMs = Date.now();
      this.failures.delete(name);
      logger.info({ ...where, collector: child.address }, 'collector started for a registered target');
    } catch (err) {
      logger.warn({ ...where, err: errorMessage(err) }, 'could not start and announce a collector for this target; trying again later');
      // A child that exited has been counted already by its exit.
      if (child === undefined || this.managed.get(name)?.process === child) this.failed(name);
      await this.stopOne(name, 'it did not start');
      await this.report(name, target, problemText(child, err));
    }
  }

  /** Tells Discovery why the instance has no collector, so `instances` shows it; a failure to tell is only logged. */
  private async report(name: string, target: InstanceTarget, problem: string): Promise<void> {
    if (this.stopped) return;
    try {
      await this.client.registerInstance(name, '', { target: target.target, dataDir: target.dataDir ?? '', collectorProblem: problem });
    } catch (err) {
      // Deregistered or registered with another target meanwhile: Discovery keeps nothing, rightly.
      if (err instanceof NotFoundError || err instanceof FailedPreconditionError) return;
      logger.warn({ instance: name, err: errorMessage(err) }, 'could not tell discovery why this target has no collector');
    }
  }

  private failed(name: string): void {
    const count = (this.failures.get(name)?.count ?? 0) + 1;
    const delay = cappedBackoffMs(count - 1, TARGET_COLLECTORS.retryFirstMs, TARGET_COLLECTORS.retryMaxMs);
    this.failures.set(name, { count, notBeforeMs: Date.now() + delay });
  }

  private async beat(): Promise<void> {
    for (const [name, m] of [...this.managed]) {
      if (!m.announced || Date.now() - m.lastBeatMs < this.heartbeatMs) continue;
      try {
        await this.client.heartbeat(name);
        m.lastBeatMs = Date.now();
      } catch (err) {
        if (err instanceof NotFoundError) void this.stopOne(name, 'deregistered');
        else logger.warn({ instance: name, err: errorMessage(err) }, 'heartbeat failed; trying again');
      }
    }
  }

  /** Resolves once the child has exited (the stop under way, if one is). */
  private stopOne(name: string, why: string): Promise<void> {
    const m = this.managed.get(name);
    if (!m) return this.stopping.get(name) ?? Promise.resolve();
    this.managed.delete(name);
    logger.info({ instance: name, collector: m.process.address, why }, 'stopping the collector started for this target');
    const stopped = m.process.stop().finally(() => this.stopping.delete(name));
    this.stopping.set(name, stopped);
    return stopped;
  }
}

/** Why a collector running here should stop, given its instance as Discovery lists it now; null: keep it. */
function reasonToStop(instance: Instance__Output | undefined, m: Managed): string | null {
  if (!instance) return 'deregistered';
  if (!instance.target) return 'registered by a collector of its own';
  if (instance.target !== m.process.target.target || (instance.dataDir || null) !== m.process.target.dataDir) return 'registered with another target or data directory';
  if (m.announced && instance.collectorAddress !== m.process.address) return `announced with another collector (${instance.collectorAddress || 'none'})`;
  return null;
}

/** Whether a collector someone else started holds the instance's target, by Discovery's rule. */
function servedElsewhere(instance: Instance__Output): Promise<boolean> {
  return collectorHoldsTarget({ collectorAddress: instance.collectorAddress, heartbeatFresh: instance.status === 'alive', target: instance.target });
}

/**
 * Why a start failed, in the collector's own words when it exited: the last line of its log (a
 * JSON line: its message and error), else the supervisor's error.
 */
function problemText(child: TargetCollectorProcess | undefined, err: unknown): string {
  const line = child?.lastLogLine() ?? '';
  if (!line) return errorMessage(err);
  try {
    const logged = JSON.parse(line) as { msg?: unknown; err?: unknown };
    if (typeof logged.msg === 'string') return typeof logged.err === 'string' ? `${logged.msg}: ${logged.err}` : logged.msg;
  } catch {
    // Not a log line of ours (the CLI's "pg-autotune: ..." error): the line itself.
  }
  return line;
}
