import os from 'node:os';
import path from 'node:path';
import type { ApplyKnobsRequest__Output } from '../../proto/generated/autotune/v1/ApplyKnobsRequest';
import type { ApplyKnobsResponse } from '../../proto/generated/autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult__Output } from '../../proto/generated/autotune/v1/BenchmarkResult';
import type { GetKnobsRequest__Output } from '../../proto/generated/autotune/v1/GetKnobsRequest';
import type { GetKnobsResponse } from '../../proto/generated/autotune/v1/GetKnobsResponse';
import type { GetQueryMixRequest__Output } from '../../proto/generated/autotune/v1/GetQueryMixRequest';
import type { QueryMix__Output } from '../../proto/generated/autotune/v1/QueryMix';
import type { MetricSnapshot, MetricSnapshot__Output } from '../../proto/generated/autotune/v1/MetricSnapshot';
import type { ResetKnobsRequest__Output } from '../../proto/generated/autotune/v1/ResetKnobsRequest';
import type { ResetKnobsResponse } from '../../proto/generated/autotune/v1/ResetKnobsResponse';
import type { RunBenchmarkRequest__Output } from '../../proto/generated/autotune/v1/RunBenchmarkRequest';
import type { ServerInfo } from '../../proto/generated/autotune/v1/ServerInfo';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { Mutex } from '../../lib/core/mutex';
import type { PgTarget } from '../../lib/postgres/pg-target';
import { checkDataDir } from './data-dir-check';
import { DurableOriginal } from './durable-original';
import { KnobApplier } from './knob-applier';
import { OriginalConfigFile, defaultCollectorStateDir, recordOf } from './original-config-file';
import type { HostResources } from '../../knobs/host-resources';
import { KNOB_CATALOG, findKnobSpec } from '../../knobs/knob-catalog';
import { knownKnobsHint } from '../../knobs/knob-sets';
import { readLiveKnobs, toKnobState } from './knobs/knob-validation';
import { CounterCarry } from './metrics/counter-carry';
import { QueryMixReadings, checkQueryMixRequest } from '../../lib/metrics/query-mix-readings';
import { readStatementCounters } from './statement-counters';
import { takeSnapshot } from './metrics/take-snapshot';
import { isHealthy, withConnection } from './pg-connection';
import { runBenchmark } from './pgbench/run-benchmark';
import { removeOrphanedTransactionLogDirs } from './pgbench/transaction-log-dir';
import type { ServerControl } from '../../lib/postgres/server-control';
import { ResetSchedule } from './reset-schedule';
import { StateRecordLock } from './state-record-lock';
import { startStoppedServer } from './stopped-server-start';
import { resetBenchData } from '../../lib/postgres/bench-data-reset';
import type { ResolvedBenchmarkSpec } from '../../lib/session/benchmark-spec';
import { allowedScriptSpec, defaultWorkloadFolders, type WorkloadScriptPolicy } from './pgbench/workload-scripts';

export interface CollectorServiceOptions {
  target: PgTarget;
  control: ServerControl;
  /** The server's data directory: exact rollback of postgresql.auto.conf, even when the server is down. */
  dataDir?: string;
  /** Overrides of what the host is measured to have (containers, tests that widen safe ranges). */
  host?: Partial<Pick<HostResources, 'memoryBytes' | 'cpus'>>;
  /** @defaultValue 10 */
  healthTimeoutS?: number;
  /**
   * Where the original configuration is recorded before the first change (original-config-file.ts).
   * @defaultValue defaultCollectorStateDir()
   */
  stateDir?: string;
  /**
   * On finding an unfinished change at start-up, keep the configuration in effect as the
   * original instead of restoring the recorded one.
   * @defaultValue false
   */
  adoptCurrent?: boolean;
  /** Folders of custom pgbench scripts besides the project's workloads/ (`--workloads DIR`). */
  workloadFolders?: readonly string[];
  /**
   * Run scripts that use `\shell` or `\setshell` (commands on this host).
   * @defaultValue false
   */
  allowShellScripts?: boolean;
}

const DEFAULT_RESTART_TIMEOUT_S = 60;
const CATALOG_NAMES = KNOB_CATALOG.map((k) => k.name);

/**
 * The collector's operations on its one server. Everything that changes or measures the
 * server runs under one mutex: an apply during a benchmark would measure a moving target.
 */
export class CollectorService {
  private readonly lock = new Mutex();
  private readonly resets = new ResetSchedule();
  private readonly carry = new CounterCarry();
  private readonly mixReadings = new QueryMixReadings();
  private warnedNotBenchData = false;
  /** Aborted when the collector shuts down: running benchmarks stop at once. */
  private readonly shutdown = new AbortController();
  private readonly scripts: WorkloadScriptPolicy;

  private constructor(
    private readonly options: CollectorServiceOptions,
    private readonly info: ServerInfo,
    private readonly host: HostResources,
    private readonly applier: KnobApplier,
    private readonly original: DurableOriginal,
    private readonly recordLock: StateRecordLock,
  ) {
    this.scripts = {
      folders: [...defaultWorkloadFolders(), ...(options.workloadFolders ?? []).map((f) => path.resolve(f))],
      allowShell: options.allowShellScripts ?? false,
    };
  }

  /**
   * Connects, reads what the server is, and records its configuration on disk for ResetKnobs.
   * When the record says a change was in progress (the previous collector died in it), the
   * recorded original is restored first, or with `adoptCurrent` the configuration in effect
   * becomes the original; either is logged. With a data directory, a server that the previous
   * collector left stopped is first started on the recorded original (stopped-server-start.ts),
   * and the folder is checked to be the server's (data-dir-check.ts) before anything changes.
   * The record is read only once this collector holds it (state-record-lock.ts): while another
   * live collector does, this one refuses to start, having changed nothing.
   */
  static async create(options: CollectorServiceOptions): Promise<CollectorService> {
    const { target, control, dataDir } = options;
    const stateDir = options.stateDir ?? defaultCollectorStateDir();
    const orphans = await removeOrphanedTransactionLogDirs();
    if (orphans > 0) logger.info({ folders: orphans }, 'removed the transaction logs of benchmarks whose collector was killed');
    // Whichever lock is held when start-up fails is let go: this collector never ran.
    const held: { lock?: StateRecordLock } = {};
    try {
      // A server that answers is checked against the folder below; one that does not may be one the previous collector left stopped.
      if (dataDir !== undefined && control.canRestart && !(await isHealthy(target))) {
        held.lock = await startStoppedServer({ target, control, dataDir, stateDir, timeoutS: DEFAULT_RESTART_TIMEOUT_S });
      }
      return await CollectorService.createLocked(options, stateDir, held);
    } catch (err) {
      await held.lock?.release();
      throw err;
    }
  }

  /** create() once the server is up; `held.lock` is the state record's lock, if starting the server took it. */
  private static async createLocked(options: CollectorServiceOptions, stateDir: string, held: { lock?: StateRecordLock }): Promise<CollectorService> {
    const { target, control, dataDir } = options;
    const { server, live, serverId } = await withConnection(target, async (client) => {
      // Before anything changes: a wrong folder would make every rollback write the wrong file.
      if (dataDir !== undefined) await checkDataDir(client, dataDir);
      const { rows } = await client.query<{ version: string; num: string; max_connections: string; autovacuum_max_workers: string }>(
        `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
                current_setting('max_connections') AS max_connections,
                current_setting('autovacuum_max_workers') AS autovacuum_max_workers`,
      );
      return { server: rows[0]!, live: await readLiveValues(client), serverId: await serverIdentity(client, target) };
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
    const file = await OriginalConfigFile.open(stateDir, serverId);
    // Before the record is read: a live collector's record is not this one's to restore or rewrite.
    if (held.lock?.guards(file.file) !== true) {
      await held.lock?.release();
      held.lock = await StateRecordLock.acquire(file.file, stateDir);
    }
    const recordLock = held.lock;
    const found = await file.read();
    const unfinished = found?.changeInProgress === true;
    const restoring = unfinished && !options.adoptCurrent;
    let original: DurableOriginal | undefined;
    const applier = new KnobApplier({
      target,
      control,
      dataDir: options.dataDir,
      host,
      healthTimeoutS: options.healthTimeoutS ?? 10,
      originalValues: () => original?.liveValues ?? live,
      beforeChange: () => original!.markChanging(),
    });
    const catalogRecord = (changeInProgress: boolean) => async () => recordOf(target.describe(), await applier.capture(), live, changeInProgress);
    original = new DurableOriginal(file, restoring ? found : await catalogRecord(false)(), CATALOG_NAMES, options.dataDir !== undefined);
    if (restoring) {
      const restarted = await applier.restore(original.backup, DEFAULT_RESTART_TIMEOUT_S);
      const after = await withConnection(target, readLiveValues);
      const changed = [...after].filter(([name, value]) => live.get(name) !== value).map(([name, value]) => `${name}: ${live.get(name)} -> ${value}`);
      await original.settle(await applier.capture(), after);
      logger.warn({ record: file.file, changed, restarted }, 'the previous collector left a change unfinished: the recorded original configuration is restored');
    } else {
      if (unfinished) {
        logger.warn({ record: file.file }, 'the previous collector left a change unfinished: the configuration in effect is adopted as the original (--adopt-current)');
      }
      await file.write(await catalogRecord(false)());
    }
    return new CollectorService(options, info, host, applier, original, recordLock);
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

  /**
   * The query mix since an earlier reading (query-mix-readings.ts), read outside the lock: it
   * changes nothing, and a watch reads it around its benchmark runs, not during them.
   */
  async getQueryMix(request: GetQueryMixRequest__Output): Promise<QueryMix__Output> {
    // Bad input is refused whether or not the extension is there.
    checkQueryMixRequest(request);
    const read = await withConnection(this.options.target, (c) => readStatementCounters(c, this.info.serverVersionNum ?? 0));
    if ('unavailable' in read) {
      return { available: false, reason: read.unavailable, readingId: '', interval: false, statements: [], otherCalls: 0, otherExecTimeMs: 0, totalCalls: 0 };
    }
    return this.mixReadings.read(read.counters, request);
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

  /**
   * Restores the recorded original; then, when `knobs` are given (a session's recorded
   * original), applies those of them that differ, validated like ApplyKnobs. The result is
   * the original from then on, and the change is finished.
   *
   * @throws FailedPreconditionError when the given knobs could not be applied (the server is
   * then on the collector's recorded original).
   */
  resetKnobs(request: ResetKnobsRequest__Output): Promise<ResetKnobsResponse> {
    return this.lock.run(async () => {
      let restarted = await this.applier.restore(this.original.backup, DEFAULT_RESTART_TIMEOUT_S);
      let refused: string | undefined;
      if (request.knobs.length > 0) {
        const live = await withConnection(this.options.target, readLiveValues);
        const differing = request.knobs.filter((k) => live.get(k.name) !== k.value);
        if (differing.length > 0) {
          const applied = await this.applier.apply({ knobs: differing, allowDurabilityRisk: false, restartTimeoutS: DEFAULT_RESTART_TIMEOUT_S });
          restarted ||= applied.restarted === true;
          if (!applied.applied) refused = applied.error;
        }
      }
      const inEffect = await this.settle();
      if (refused !== undefined) {
        throw new FailedPreconditionError(`the requested original did not apply (${refused}); the server is on the original this collector recorded`);
      }
      return { restarted, inEffect };
    });
  }

  /** The configuration in effect becomes the original (a kept recommendation); nothing changes on the server. */
  keepKnobs(): Promise<ResetKnobsResponse> {
    return this.lock.run(async () => ({ restarted: false, inEffect: await this.settle() }));
  }

  runBenchmark(request: RunBenchmarkRequest__Output, cancelled?: AbortSignal): Promise<BenchmarkResult__Output> {
    if (!request.spec) throw new InvalidArgumentError('spec', 'a benchmark spec is required');
    const requested = request.spec;
    const signal = cancelled ? AbortSignal.any([cancelled, this.shutdown.signal]) : this.shutdown.signal;
    return this.lock.run(async () => {
      // Checked under the lock, right before the run, so no file can be swapped in between.
      const spec = await allowedScriptSpec(requested, this.scripts);
      // A call cancelled while it waited for the lock starts nothing.
      signal.throwIfAborted();
      return runBenchmark(this.options.target, spec, { cpus: this.host.cpus, signal, resetData: (resolved) => this.resetDataIfDue(resolved) });
    });
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

  /**
   * The collector is stopping: running benchmarks are killed now; once the server is free,
   * an unfinished change is rolled back to the original, so the record ends settled.
   */
  async close(): Promise<void> {
    this.shutdown.abort(new UnavailableError('the collector is shutting down'));
    await this.lock.run(async () => {
      if (!this.original.changeInProgress) return;
      try {
        await this.applier.restore(this.original.backup, DEFAULT_RESTART_TIMEOUT_S);
        await this.settle();
        logger.info({ record: this.original.path }, 'shutting down: the original configuration is restored');
      } catch (err) {
        // The record still says "change in progress": the next collector restores it.
        logger.error({ record: this.original.path, err: errorMessage(err) }, 'shutting down: could not restore the original configuration');
      }
    });
    await this.recordLock.release();
  }

  /** Records the configuration in effect as the original, with no change in progress. */
  private async settle(): Promise<ResetKnobsResponse['inEffect']> {
    const live = await withConnection(this.options.target, readLiveValues);
    await this.original.settle(await this.applier.capture(), live);
    return [...live].map(([name, value]) => ({ name, value }));
  }
}

/** The catalog knobs' live values (name -> pg_settings.setting). */
async function readLiveValues(client: Parameters<typeof readLiveKnobs>[0]): Promise<Map<string, string>> {
  const live = await readLiveKnobs(client, CATALOG_NAMES);
  return new Map([...live.values()].map((k) => [k.name, k.setting]));
}

/**
 * The cluster's system identifier (unique per initdb); host and port when this role may not
 * read it, which still tells apart every server one collector host can reach.
 */
async function serverIdentity(client: Parameters<typeof readLiveKnobs>[0], target: PgTarget): Promise<string> {
  try {
    const { rows } = await client.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()');
    return rows[0]!.id;
  } catch {
    return `${target.host}-${target.port}`;
  }
}
