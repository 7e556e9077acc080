import { cappedBackoffMs } from '../../lib/core/capped-backoff';
import { errorMessage, InvalidArgumentError, NotFoundError, UnauthenticatedError } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { INSTANCE_HEARTBEAT } from '../../lib/grpc/service-defaults';

export interface CollectorRegistrationOptions {
  /** The Discovery service to register with (host:port). */
  discoveryAddress: string;
  /** The instance's name in Discovery (checked by the caller: lib/grpc/instance-name.ts). */
  name: string;
  /** Where Discovery and the trainers reach this collector (host:port). */
  collectorAddress: string;
  /** @defaultValue INSTANCE_HEARTBEAT.intervalMs (30 s) */
  heartbeatIntervalMs?: number;
}

/**
 * A collector's presence in Discovery, from the moment it serves until it stops:
 *
 * 1. RegisterInstance(name, own address). Registering a name again updates that instance,
 *    so a restarted collector takes its old entry back (same id, same sessions).
 * 2. Heartbeat every interval; Discovery reports the instance `unavailable` once beats stop.
 * 3. A failure (Discovery down, the store away) is logged and retried after 1 s, doubling up
 *    to 30 s, and never capped in count: the collector serves all the while. A heartbeat
 *    answered NOT_FOUND (the entry was removed) goes back to step 1, because this process was
 *    told to be registered; deregistering for good means stopping it or dropping --register.
 *
 * Only a refusal no retry can fix (a name or address Discovery rejects, a wrong token) stops
 * the loop, logged as an error; the collector still serves.
 */
export class CollectorRegistration {
  private readonly client: DiscoveryClient;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private instanceId: string | undefined;
  private failures = 0;
  private stopped = false;
  private inFlight: Promise<void> = Promise.resolve();

  private constructor(private readonly options: CollectorRegistrationOptions) {
    this.client = new DiscoveryClient(options.discoveryAddress);
    this.intervalMs = options.heartbeatIntervalMs ?? INSTANCE_HEARTBEAT.intervalMs;
    if (!(this.intervalMs > 0)) throw new InvalidArgumentError('heartbeatIntervalMs', `must be > 0, got ${this.intervalMs}`);
  }

  /** Starts registering at once; returns without waiting for Discovery to answer. */
  static start(options: CollectorRegistrationOptions): CollectorRegistration {
    const registration = new CollectorRegistration(options);
    registration.schedule(0);
    return registration;
  }

  /** Stops beating (a call under way is let finish); the entry stays, and turns unavailable. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    this.client.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.step();
    }, delayMs);
    // A pending beat never keeps the process alive by itself.
    this.timer.unref();
  }

  private async step(): Promise<void> {
    const where = { discovery: this.options.discoveryAddress, name: this.options.name };
    try {
      if (this.instanceId === undefined) {
        const instance = await this.client.registerInstance(this.options.name, this.options.collectorAddress);
        this.instanceId = instance.id;
        logger.info({ ...where, instance: instance.id, collector: this.options.collectorAddress, heartbeatS: this.intervalMs / 1000 }, 'registered with discovery');
      } else {
        await this.client.heartbeat(this.instanceId);
        if (this.failures > 0) logger.info({ ...where, after: this.failures }, 'heartbeats reach discovery again');
      }
      this.failures = 0;
      this.schedule(this.intervalMs);
    } catch (err) {
      if (this.stopped) return;
      if (err instanceof InvalidArgumentError || err instanceof UnauthenticatedError) {
        logger.error({ ...where, err: errorMessage(err) }, 'discovery refused this collector; it keeps serving, unregistered (fix the flag and restart it)');
        return;
      }
      if (err instanceof NotFoundError) {
        logger.warn(where, 'discovery no longer knows this instance; registering it again');
        this.instanceId = undefined;
        this.schedule(0);
        return;
      }
      this.failures += 1;
      const retryMs = cappedBackoffMs(this.failures - 1, INSTANCE_HEARTBEAT.retryFirstMs, INSTANCE_HEARTBEAT.retryMaxMs);
      const what = this.instanceId === undefined ? 'registration' : 'heartbeat';
      logger.warn({ ...where, attempt: this.failures, retryInS: retryMs / 1000, err: errorMessage(err) }, `${what} failed; the collector keeps serving and retries`);
      this.schedule(retryMs);
    }
  }
}
