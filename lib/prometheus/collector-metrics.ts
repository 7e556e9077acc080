import type { handleUnaryCall, ServiceError } from '@grpc/grpc-js';
import { Counter, Gauge } from 'prom-client';
import type { ApplyKnobsResponse } from '../../proto/generated/autotune/v1/ApplyKnobsResponse';
import type { BenchmarkResult } from '../../proto/generated/autotune/v1/BenchmarkResult';
import type { CollectorHandlers } from '../../proto/generated/autotune/v1/Collector';
import { METRIC_PREFIX, metricsRegistry } from './metrics-registry';

const benchmarks = new Counter({
  name: `${METRIC_PREFIX}collector_benchmarks_total`,
  help: 'pgbench runs the collector finished (outcome ok) or that failed (outcome failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const benchmarkTps = new Gauge({
  name: `${METRIC_PREFIX}collector_benchmark_tps`,
  help: 'TPS of the last finished benchmark (as its tps estimator measures it)',
  registers: [metricsRegistry],
});

const benchmarkP95 = new Gauge({
  name: `${METRIC_PREFIX}collector_benchmark_latency_p95_ms`,
  help: 'p95 transaction latency of the last finished benchmark, in ms',
  registers: [metricsRegistry],
});

const applies = new Counter({
  name: `${METRIC_PREFIX}collector_knob_applies_total`,
  help: 'ApplyKnobs calls: applied, not_applied (the server did not take them) or refused (invalid, before the server was touched)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const rollbacks = new Counter({
  name: `${METRIC_PREFIX}collector_rollbacks_total`,
  help: 'Changes the collector rolled back (postgresql.auto.conf written back, the server brought up again)',
  registers: [metricsRegistry],
});

/**
 * The collector's handlers, counting what their replies say: the counters follow the answers
 * callers get, so they never disagree with them, and the service code stays free of metrics.
 */
export function observeCollectorReplies(handlers: CollectorHandlers): CollectorHandlers {
  return {
    ...handlers,
    ApplyKnobs: observed(handlers.ApplyKnobs, (err, reply?: ApplyKnobsResponse) => {
      applies.inc({ outcome: err ? 'refused' : reply?.applied ? 'applied' : 'not_applied' });
      if (reply?.rolledBack) rollbacks.inc();
    }),
    RunBenchmark: observed(handlers.RunBenchmark, (err, result?: BenchmarkResult) => {
      benchmarks.inc({ outcome: err ? 'failed' : 'ok' });
      if (!result) return;
      benchmarkTps.set(Number(result.tps ?? 0));
      if (result.latency?.p95Ms !== undefined) benchmarkP95.set(Number(result.latency.p95Ms));
    }),
  };
}

function observed<Req, Res>(handler: handleUnaryCall<Req, Res>, see: (err: unknown, reply?: Res) => void): handleUnaryCall<Req, Res> {
  return (call, callback) =>
    handler(call, (err: Partial<ServiceError> | null, reply?: Res | null) => {
      see(err, reply ?? undefined);
      callback(err, reply);
    });
}
