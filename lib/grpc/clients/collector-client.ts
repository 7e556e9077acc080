import type { ApplyKnobsRequest } from '../../../proto/generated/autotune/v1/ApplyKnobsRequest';
import type { ApplyKnobsResponse__Output } from '../../../proto/generated/autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult__Output } from '../../../proto/generated/autotune/v1/BenchmarkResult';
import type { BenchmarkSpec } from '../../../proto/generated/autotune/v1/BenchmarkSpec';
import type { CollectorClient as GeneratedCollectorClient } from '../../../proto/generated/autotune/v1/Collector';
import type { KnobSetting } from '../../../proto/generated/autotune/v1/KnobSetting';
import type { GetKnobsResponse__Output } from '../../../proto/generated/autotune/v1/GetKnobsResponse';
import type { QueryMix__Output } from '../../../proto/generated/autotune/v1/QueryMix';
import type { MetricSnapshot__Output } from '../../../proto/generated/autotune/v1/MetricSnapshot';
import type { ResetKnobsResponse__Output } from '../../../proto/generated/autotune/v1/ResetKnobsResponse';
import type { ServerInfo__Output } from '../../../proto/generated/autotune/v1/ServerInfo';
import { autotuneV1 } from '../autotune-proto';
import { clientChannel, type ClientSecurity } from '../channel-credentials';
import { COLLECTOR_CALL_TIMEOUTS } from '../service-defaults';
import { unaryCall } from '../unary-call';

const READ_TIMEOUT_MS = COLLECTOR_CALL_TIMEOUTS.readMs;
const APPLY_TIMEOUT_MS = COLLECTOR_CALL_TIMEOUTS.changeMs;

/** A promise-based client of the Collector service; what other services use to reach one. */
export class CollectorClient {
  private readonly client: GeneratedCollectorClient;
  private readonly what: string;

  /** `security`: the process's own (channel-credentials.ts) unless given. */
  constructor(readonly address: string, security?: ClientSecurity) {
    const channel = clientChannel(security);
    this.client = new (autotuneV1().Collector)(address, channel.credentials, channel.options);
    this.what = `collector at ${address}`;
  }

  /** `timeoutMs`: shorter where a slow answer already tells enough (collector-holds-target.ts). */
  getServerInfo(timeoutMs: number = READ_TIMEOUT_MS): Promise<ServerInfo__Output> {
    return unaryCall(this.what, timeoutMs, (o, cb) => this.client.getServerInfo({}, o, cb));
  }

  getKnobs(names: string[] = []): Promise<GetKnobsResponse__Output> {
    return unaryCall(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.getKnobs({ names }, o, cb));
  }

  snapshot(): Promise<MetricSnapshot__Output> {
    return unaryCall(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.snapshot({}, o, cb));
  }

  applyKnobs(request: ApplyKnobsRequest): Promise<ApplyKnobsResponse__Output> {
    return unaryCall(this.what, APPLY_TIMEOUT_MS, (o, cb) => this.client.applyKnobs(request, o, cb));
  }

  /** Back to the collector's recorded original, then to `knobs` (a session's recorded original) when given. */
  resetKnobs(knobs: KnobSetting[] = []): Promise<ResetKnobsResponse__Output> {
    return unaryCall(this.what, APPLY_TIMEOUT_MS, (o, cb) => this.client.resetKnobs({ knobs }, o, cb));
  }

  /** The configuration in effect becomes the one the collector restores. */
  keepKnobs(): Promise<ResetKnobsResponse__Output> {
    return unaryCall(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.keepKnobs({}, o, cb));
  }

  /** pg_stat_statements' calls since the reading `since` (empty: this reading starts an interval), `include`d queryids always listed. */
  getQueryMix(since: string, include: string[] = []): Promise<QueryMix__Output> {
    return unaryCall(this.what, READ_TIMEOUT_MS, (o, cb) => this.client.getQueryMix({ since, include }, o, cb));
  }

  /** The deadline follows the run's own length, plus room for connection setup and log parsing. */
  runBenchmark(spec: BenchmarkSpec): Promise<BenchmarkResult__Output> {
    const seconds = (spec.durationS ?? 0) + (spec.warmupS ?? 0);
    return unaryCall(this.what, seconds * 1000 + 120_000, (o, cb) => this.client.runBenchmark({ spec }, o, cb));
  }

  close(): void {
    this.client.close();
  }
}
