import * as grpc from '@grpc/grpc-js';
import { Counter, Histogram } from 'prom-client';
import { METRIC_PREFIX, metricsRegistry } from '../prometheus/metrics-registry';

const rpcs = new Counter({
  name: `${METRIC_PREFIX}rpc_total`,
  help: 'gRPC calls a server answered, by method (/package.Service/Method) and status code (OK, UNAUTHENTICATED, ...)',
  labelNames: ['method', 'code'] as const,
  registers: [metricsRegistry],
});

const rpcSeconds = new Histogram({
  name: `${METRIC_PREFIX}rpc_duration_seconds`,
  help: 'Time from a call arriving to its status being sent, by method and status code',
  labelNames: ['method', 'code'] as const,
  // Reads take milliseconds; ApplyKnobs with a restart, a benchmark or a Step take minutes.
  buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2, 10, 60, 300, 900],
  registers: [metricsRegistry],
});

const CODE_NAMES = Object.fromEntries(Object.entries(grpc.status).map(([name, code]) => [code, name])) as Record<number, string>;

/**
 * Counts and times every call by method and status as the status goes out, so unary calls,
 * streams and calls refused before any handler ran (UNAUTHENTICATED, INVALID_ARGUMENT for
 * bytes that are no message) are all seen in this one place. It must be the innermost
 * interceptor (first in the server's list) to see the statuses the others send.
 */
export const rpcMetricsInterceptor: grpc.ServerInterceptor = (method, call) => {
  const started = process.hrtime.bigint();
  let counted = false;
  const count = (code: string) => {
    if (counted) return;
    counted = true;
    const labels = { method: method.path, code };
    rpcs.inc(labels);
    rpcSeconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  };
  return new grpc.ServerInterceptingCall(call, {
    // A call the caller cancelled (or whose deadline passed) gets no status from the server.
    start: (next) => next({ onCancel: () => count('CANCELLED') }),
    sendStatus: (status, next) => {
      count(CODE_NAMES[status.code] ?? String(status.code));
      next(status);
    },
  });
};
