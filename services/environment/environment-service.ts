import { randomUUID } from 'node:crypto';
import type { CloseRequest__Output as CloseRequest } from '../../proto/generated/autotune/v1/CloseRequest';
import type { CloseResponse } from '../../proto/generated/autotune/v1/CloseResponse';
import type { MeasureRequest__Output as MeasureRequest } from '../../proto/generated/autotune/v1/MeasureRequest';
import type { MeasureResponse } from '../../proto/generated/autotune/v1/MeasureResponse';
import type { OpenRequest__Output as OpenRequest } from '../../proto/generated/autotune/v1/OpenRequest';
import type { OpenResponse } from '../../proto/generated/autotune/v1/OpenResponse';
import type { QueryMix__Output as QueryMix } from '../../proto/generated/autotune/v1/QueryMix';
import type { ReadQueryMixRequest__Output as ReadQueryMixRequest } from '../../proto/generated/autotune/v1/ReadQueryMixRequest';
import type { ResetRequest__Output as ResetRequest } from '../../proto/generated/autotune/v1/ResetRequest';
import type { ResetResponse } from '../../proto/generated/autotune/v1/ResetResponse';
import type { StepRequest__Output as StepRequest } from '../../proto/generated/autotune/v1/StepRequest';
import type { StepResponse } from '../../proto/generated/autotune/v1/StepResponse';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { InvalidArgumentError, NotFoundError, UnavailableError, errorMessage } from '../../lib/core/errors';
import { SERVICE_NAMES } from '../../lib/grpc/autotune-proto';
import { checkHealth } from '../../lib/grpc/health-client';
import { logger } from '../../lib/core/logger';
import { memoryBudgetFor, toKnobDimension } from '../../knobs/action-space';
import { EnvironmentSession } from './environment-session';
import { IdleClock } from './idle-clock';
import { ENVIRONMENT_LIMITS } from '../../lib/session/session-limits';
import { resolveKnobSet } from '../../knobs/knob-sets';
import { resolveOpenRequest } from './open-request';
import { applyStartConfiguration } from './start-configuration';
import { StateVector } from './state-vector';

/** How long Open waits for a collector's health check before calling it unavailable. */
const COLLECTOR_HEALTH_TIMEOUT_MS = 5_000;
// Idle environments are looked for this often at most (and four times per idle timeout).
const MAX_SWEEP_EVERY_MS = 60_000;

export interface EnvironmentServiceOptions {
  /** @defaultValue ENVIRONMENT_LIMITS.idleTimeoutS, in milliseconds (tests shorten it) */
  idleTimeoutMs?: number;
}

/**
 * The Environment service: any number of open environments, by env_id, each the RL view of
 * one server through its collector (environment-session.ts says what a step does).
 */
export class EnvironmentService {
  private readonly sessions = new Map<string, EnvironmentSession>();
  private readonly idleTimeoutMs: number;
  private readonly clock: IdleClock;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: EnvironmentServiceOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? ENVIRONMENT_LIMITS.idleTimeoutS * 1000;
    this.clock = new IdleClock(this.idleTimeoutMs);
    this.sweeper = setInterval(() => void this.expireIdle(), Math.min(MAX_SWEEP_EVERY_MS, this.idleTimeoutMs / 4)).unref();
  }

  /**
   * Connects to the collector, builds the action space from its knob catalog (the values in
   * effect as baselines) and fixes the state layout from a snapshot of the server. The
   * server's facts (GetServerInfo) go back with it, for rules that need the host.
   */
  async open(request: OpenRequest): Promise<OpenResponse> {
    const resolved = resolveOpenRequest(request);
    const address = resolved.collectorAddress;
    await checkCollector(address);
    const collector = new CollectorClient(address);
    let started = false;
    try {
      const [info, found] = await Promise.all([collector.getServerInfo(), collector.getKnobs()]);
      const selected = resolveKnobSet(resolved.knobs, found.knobs, {
        allowRestart: resolved.allowRestart,
        allowDurabilityRisk: resolved.allowDurabilityRisk,
        canRestart: info.canRestart,
        collectorAddress: address,
      }).map((k) => k.name);
      started = resolved.startKnobs.length > 0;
      const startRestarted = await applyStartConfiguration(collector, info, found.knobs, { ...resolved, knobs: resolved.startKnobs });
      // Read after the start configuration: the baselines and the memory budget are its values.
      const [catalog, snapshot] = await Promise.all([collector.getKnobs(), collector.snapshot()]);
      const dims = catalog.knobs.filter((k) => selected.includes(k.name)).map(toKnobDimension);
      const state = StateVector.fromSnapshot(snapshot, dims);
      const id = randomUUID();
      this.sessions.set(
        id,
        new EnvironmentSession({
          id,
          collector,
          dims,
          state,
          benchmark: resolved.benchmark,
          weights: resolved.rewardWeights,
          allowDurabilityRisk: resolved.allowDurabilityRisk,
          memoryBudget: memoryBudgetFor(info, catalog.knobs),
          startRestarted,
        }),
      );
      this.clock.add(id);
      logger.info(
        { env: id, collector: address, knobs: dims.map((d) => d.name), startKnobs: resolved.startKnobs, stateSize: state.length },
        'environment opened',
      );
      return { envId: id, actionSpace: dims, stateNames: [...state.names], server: info };
    } catch (err) {
      // Nobody chose the start configuration without the session it was for: put the original back.
      if (started) {
        await collector.resetKnobs().catch((resetErr: unknown) => {
          logger.error({ collector: address, err: errorMessage(resetErr) }, 'could not restore the original configuration after a failed Open');
        });
      }
      collector.close();
      throw err;
    }
  }

  async reset(request: ResetRequest): Promise<ResetResponse> {
    return { baseline: await this.use(request.envId, (s) => s.reset()) };
  }

  async step(request: StepRequest): Promise<StepResponse> {
    const { outcome, reward, failed } = await this.use(request.envId, (s) => s.step(request.action));
    return { outcome, reward, failed };
  }

  async measure(request: MeasureRequest): Promise<MeasureResponse> {
    return { outcome: await this.use(request.envId, (s) => s.measure(request.knobs)) };
  }

  /** The server's query mix through the environment's collector; the collector checks the request. */
  readQueryMix(request: ReadQueryMixRequest): Promise<QueryMix> {
    return this.use(request.envId, (s) => s.readQueryMix(request.since, request.include));
  }

  async close(request: CloseRequest): Promise<CloseResponse> {
    const original = checkOriginal(request.original);
    const inEffect = await this.use(request.envId, (s) => s.close(request.keepCurrent, original));
    this.forget(request.envId);
    logger.info({ env: request.envId, keepCurrent: request.keepCurrent }, 'environment closed');
    return { inEffect };
  }

  /** How many environments are open. */
  get openCount(): number {
    return this.sessions.size;
  }

  /** Drops every environment's collector connection, restoring nothing (the process is stopping). */
  dispose(): void {
    clearInterval(this.sweeper);
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
  }

  /** Runs a call on an open environment; the lookup and the start of the use are one step, so a sweep cannot expire it in between. */
  private use<T>(envId: string, fn: (session: EnvironmentSession) => Promise<T>): Promise<T> {
    const session = this.session(envId);
    return this.clock.during(session.id, () => fn(session));
  }

  private session(envId: string): EnvironmentSession {
    if (!envId) throw new InvalidArgumentError('env_id', 'is required (the env_id Open returned)');
    const session = this.sessions.get(envId);
    if (!session) {
      throw new NotFoundError(
        `no open environment "${envId}": it was closed, expired after ${this.idleTimeoutMs / 1000} s unused, or opened in another environment service`,
      );
    }
    return session;
  }

  private forget(id: string): void {
    this.sessions.delete(id);
    this.clock.remove(id);
  }

  /**
   * Closes the environments idle past the timeout as Close would, restoring the collector's
   * original; one whose restore fails is dropped all the same, and the collector still holds
   * its record of the original (ResetKnobs or its next start puts it back).
   */
  private async expireIdle(): Promise<void> {
    for (const id of this.clock.idle()) {
      const session = this.sessions.get(id);
      this.forget(id);
      if (!session) continue;
      try {
        await session.close(false, []);
        logger.warn({ env: id, idleMs: this.idleTimeoutMs }, 'environment expired unused: closed, its original configuration restored');
      } catch (err) {
        session.dispose();
        logger.error({ env: id, err: errorMessage(err) }, 'environment expired unused, but restoring its original configuration failed');
      }
    }
  }
}

/** The session's recorded original: names and values as text; the collector validates them against its catalog. */
function checkOriginal(original: CloseRequest['original']): { name: string; value: string }[] {
  return original.map(({ name, value }, i) => {
    if (!name) throw new InvalidArgumentError(`original[${i}].name`, 'is required');
    return { name, value: value.trim() };
  });
}

async function checkCollector(address: string): Promise<void> {
  let status: string;
  try {
    status = await checkHealth(address, SERVICE_NAMES.collector, COLLECTOR_HEALTH_TIMEOUT_MS);
  } catch (err) {
    throw new UnavailableError(`no collector answers at ${address}: ${errorMessage(err)}`, { cause: err });
  }
  if (status !== 'SERVING') throw new UnavailableError(`the collector at ${address} is not serving (health: ${status})`);
}
