import http from 'node:http';
import { UnavailableError } from '../core/errors';
import { logger } from '../core/logger';
import { DEFAULT_LISTEN_HOST } from '../grpc/service-defaults';
import { collectProcessMetrics, metricsRegistry } from './metrics-registry';

export interface MetricsServerOptions {
  /** `--metrics-port N`; 0 picks a free one. */
  port: number;
  /** `--metrics-listen HOST`. @defaultValue loopback, as for the services: /metrics has no token, so exposing it is a choice. */
  host?: string;
}

export interface RunningMetricsServer {
  /** host:port, as Prometheus' scrape config names it. */
  address: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves the process's registry as Prometheus text at GET /metrics; anything else is 404, other methods 405. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<RunningMetricsServer> {
  collectProcessMetrics();
  const host = options.host ?? DEFAULT_LISTEN_HOST;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      (err: unknown) => {
        logger.error({ err }, 'metrics collection failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed; the service log has the details\n');
      },
    );
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (err) => reject(new UnavailableError(`cannot serve metrics on ${host}:${options.port}: ${err.message}`, { cause: err })));
    server.listen(options.port, host, () => resolve((server.address() as { port: number }).port));
  });
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    address: `${shown}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
