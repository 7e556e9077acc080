import os from 'node:os';
import type { ApplyKnobsRequest__Output } from '../../proto/generated/autotune/v1/ApplyKnobsRequest';
import type { ApplyKnobsResponse } from '../../proto/generated/autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult__Output } from '../../proto/generated/autotune/v1/BenchmarkResult';
import type { GetKnobsRequest__Output } from '../../proto/generated/autotune/v1/GetKnobsRequest';
import type { GetKnobsResponse } from '../../proto/generated/autotune/v1/GetKnobsResponse';
import type { MetricSnapshot, MetricSnapshot__Output } from '../../proto/generated/autotune/v1/MetricSnapshot';
import type { ResetKnobsResponse } from '../../proto/generated/autotune/v1/ResetKnobsResponse';
import type { RunBenchmarkRequest__Output } from '../../proto/generated/autotune/v1/RunBenchmarkRequest';
import type { ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { InvalidArgumentError } from '../../lib/core/errors';
import { Mutex } from '../../lib/core/mutex';
import type { PgTarget } from '../../lib/postgres/pg-target';
import type { ConfigBackup } from './config-backup';
import { KnobApplier } from './knob-applier';
import type { HostResources } from '../../knobs/host-resources';
import { KNOB_CATALOG, findKnobSpec } from '../../knobs/knob-catalog';
import { knownKnobsHint } from '../../knobs/knob-sets';
import { readLiveKnobs, toKnobState } from './knobs/knob-validation';
import { CounterCarry } from './metrics/counter-carry';
import { takeSnapshot } from './metrics/take-snapshot';
import { withConnection } from './pg-connection';
import { runBenchmark } from './pgbench/run-benchmark';
import type { ServerControl } from '../../lib/postgres/server-control';
import { ResetSchedule } from './reset-schedule';
import { resetBenchData } from '../../lib/postgres/bench-data-reset';
import type { ResolvedBenchmarkSpec } from '../../lib/session/benchmark-spec';
import { logger } from '../../lib/core/logger';

export interface CollectorServiceOptions {
  target: PgTarget;
  control: ServerControl;
  /** The server's data directory: exact rollback of postgresql.auto.conf, even when the server is down. */
  dataDir?: string;
  /** Overrides of what the host is measured to have (containers, tests that widen safe ranges). */
  host?: Partial<Pick<HostResources, 'memoryBytes' | 'cpus'>>;
  /** @defaultValue 10 */
  healthTimeoutS?: number;
}

const DEFAULT_RESTART_TIMEOUT_S = 60;

/**
 * The collector's operations on its one server. Everything that changes or measures the
 * server runs under one mutex: an apply during a benchmark would measure a moving target.
 */
export class CollectorService {
  private readonly lock = new Mutex();
  private readonly resets = new ResetSchedule();
  private readonly carry = new CounterCarry();
  private warnedNotBenchData = false;

  private constructor(
    private readonly options: CollectorServiceOptions,
    private readonly info: ServerInfo,
    private readonly host: HostResources,
    private readonly applier: KnobApplier,
    private readonly original: ConfigBackup,
  ) {}

  /** Connects, reads what the server is, and remembers its configuration for ResetKnobs. */
  static async create(options: CollectorServiceOptions): Promise<CollectorService> {
    const { target, control } = options;
    const { server, originalValues } = await withConnection(target, async (client) => {
      const { rows } = await client.query<{ version: string; num: string; max_connections: string; autovacuum_max_workers: string }>(
        `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
                current_setting('max_connections') AS max_connections,
                current_setting('autovacuum_max_workers') AS autovacuum_max_workers`,
      );
      const live = await readLiveKnobs(client, KNOB_CATALOG.map((k) => k.name));
      return { server: rows[0]!, originalValues: new Map([...live.values()].map((k) => [k.name, k.setting])) };
    });
    const host: HostResources = {
      memoryBytes: options.host?.memoryBytes ?? os.totalmem(),
      cpus: options.host?.cpus ?? os.availableParallelism(),
      maxConnections: Number(server.max_connections),
    };
    const info: ServerInfo = {
      serverVersion: server.version,
      serverVersionNum: Number(server.num),
      hostMemoryBytes: host.memoryBytes,
      hostCpus: host.cpus,
      canRestart: control.canRestart,
      maxConnections: host.maxConnections,
      target: target.describe(),
      autovacuumMaxWorkers: Number(server.autovacuum_max_workers),
    };
    const applier = new KnobApplier({
      target,
      control,
      dataDir: options.dataDir,
      host,
      healthTimeoutS: options.healthTimeoutS ?? 10,
      originalValues,
    });
    return new CollectorService(options, info, host, applier, await applier.capture());
  }

  get canRestart(): boolean {
    return this.options.control.canRestart;
  }

  getServerInfo(): Promise<ServerInfo> {
    return Promise.resolve(this.info);
  }

  async getKnobs(request: GetKnobsRequest__Output): Promise<GetKnobsResponse> {
    const specs = request.names.length === 0 ? [...KNOB_CATALOG] : request.names.map((name, i) => {
      const spec = findKnobSpec(name);
      if (!spec) {
        throw new InvalidArgumentError(`names[${i}]`, `unknown knob "${name}"; ${knownKnobsHint()}`);
      }
      return spec;
    });
    const live = await withConnection(this.options.target, (c) => readLiveKnobs(c, specs.map((s) => s.name)));
    return { knobs: specs.filter((s) => live.has(s.name)).map((s) => toKnobState(s, live.get(s.name)!, this.host)) };
  }

  async snapshot(): Promise<MetricSnapshot> {
    return this.carry.apply(await this.rawSnapshot());
  }

  private rawSnapshot(): Promise<MetricSnapshot__Output> {
    return withConnection(this.options.target, (c) => takeSnapshot(c));
  }

  applyKnobs(request: ApplyKnobsRequest__Output): Promise<ApplyKnobsResponse> {
    const restartTimeoutS = request.restartTimeoutS || DEFAULT_RESTART_TIMEOUT_S;
    if (restartTimeoutS < 5 || restartTimeoutS > 3600) {
      throw new InvalidArgumentError('restart_timeout_s', `must be 5..3600 seconds, got ${restartTimeoutS}`);
    }
    if (request.knobs.length === 0) throw new InvalidArgumentError('knobs', 'at least one knob is required');
    return this.lock.run(() =>
      this.applier.apply({ knobs: request.knobs, allowDurabilityRisk: request.allowDurabilityRisk, restartTimeoutS }),
    );
  }

  /** Restores the configuration the collector found when it started. */
  resetKnobs(): Promise<ResetKnobsResponse> {
    return this.lock.run(async () => {
      const restarted = await this.applier.restore(this.original, DEFAULT_RESTART_TIMEOUT_S);
      const live = await withConnection(this.options.target, (c) => readLiveKnobs(c, KNOB_CATALOG.map((k) => k.name)));
      return { restarted, inEffect: [...live.values()].map((k) => ({ name: k.name, value: k.setting })) };
    });
  }

  runBenchmark(request: RunBenchmarkRequest__Output): Promise<BenchmarkResult__Output> {
    if (!request.spec) throw new InvalidArgumentError('spec', 'a benchmark spec is required');
    const spec = request.spec;
    return this.lock.run(() =>
      runBenchmark(this.options.target, spec, { cpus: this.host.cpus, resetData: (resolved) => this.resetDataIfDue(resolved) }),
    );
  }

  /**
   * Re-creates the bench database from its template when the spec's schedule says so (see
   * resetBenchData for what is touched and how a crash is survived); true when it did. A
   * database pg-autotune did not load is left alone under "bench" and said so once.
   */
  private async resetDataIfDue(spec: ResolvedBenchmarkSpec): Promise<boolean> {
    if (spec.dataReset === 'off' || !this.resets.next(spec.dataResetEvery)) return false;
    const target = this.options.target;
    try {
      const before = await this.rawSnapshot();
      const outcome = await resetBenchData({ target, force: spec.dataReset === 'force' });
      if (outcome === 'not-bench-data') {
        if (!this.warnedNotBenchData) logger.info({ database: target.database }, 'data reset skipped: pg-autotune did not load this database (data_reset force resets it anyway)');
        this.warnedNotBenchData = true;
        this.resets.forget();
        return false;
      }
      this.carry.record(before, await this.rawSnapshot());
      return true;
    } catch (err) {
      this.resets.forget();
      throw err;
    }
  }
}
