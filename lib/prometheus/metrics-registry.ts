import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric pg-autotune defines starts with this; the standard process_* and nodejs_* ones keep their names so stock dashboards work. */
export const METRIC_PREFIX = 'pg_autotune_';

/**
 * The process's one registry: the rpc, collector and trainer metrics register here when their
 * modules load (cheap counters), and /metrics (metrics-server.ts) serves it. Not prom-client's
 * global registry, so nothing a dependency registers there is served by accident.
 */
export const metricsRegistry = new Registry();

let processMetrics = false;

/** CPU, memory, event loop lag and GC: switched on only in a process that serves /metrics, since they sample on timers. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry });
}
