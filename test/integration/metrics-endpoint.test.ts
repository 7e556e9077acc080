import * as grpc from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import { SERVICE_NAMES, autotuneV1 } from '../../lib/grpc/autotune-proto';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { startGrpcServer, type RunningServer } from '../../lib/grpc/grpc-server';
import { unaryHandler } from '../../lib/grpc/unary-handler';
import { startMetricsServer, type RunningMetricsServer } from '../../lib/prometheus/metrics-server';

// A real gRPC server and the real /metrics endpoint on loopback: the counters must move with
// the calls, including the ones refused before any handler ran.
const token = new BearerToken(randomBytes(24).toString('hex'), 'test');
const GET_SESSION = '/autotune.v1.Recommendation/GetSession';
let server: RunningServer;
let metrics: RunningMetricsServer;

beforeAll(async () => {
  const implementation: grpc.UntypedServiceImplementation = {
    GetSession: unaryHandler('Recommendation.GetSession', async (request: { id: string }) => ({ id: request.id, status: 'pending' })),
  };
  const definition = autotuneV1().Recommendation.service;
  server = await startGrpcServer({ port: 0, services: [{ name: SERVICE_NAMES.recommendation, definition, implementation }], security: { token } });
  metrics = await startMetricsServer({ port: 0 });
});

afterAll(async () => {
  await metrics?.stop();
  await server?.stop();
});

async function scrape(): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`http://${metrics.address}/metrics`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample line, 0 when the series does not exist yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function call(withToken: boolean): Promise<void> {
  const client = new RecommendationClient(server.address, withToken ? { token } : {});
  await client.getSession('s-1').catch(() => undefined);
  client.close();
}

describe('/metrics', () => {
  it('answers in the Prometheus text format with the process metrics', async () => {
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE pg_autotune_rpc_duration_seconds histogram');
  });

  it('counts a call by method and code once it is answered', async () => {
    const ok = `pg_autotune_rpc_total{method="${GET_SESSION}",code="OK"}`;
    const before = sample((await scrape()).text, ok);
    await call(true);
    const after = (await scrape()).text;
    expect(sample(after, ok)).toBe(before + 1);
    expect(sample(after, `pg_autotune_rpc_duration_seconds_count{method="${GET_SESSION}",code="OK"}`)).toBeGreaterThanOrEqual(1);
  });

  it('counts calls the token check refused', async () => {
    const refused = `pg_autotune_rpc_total{method="${GET_SESSION}",code="UNAUTHENTICATED"}`;
    const before = sample((await scrape()).text, refused);
    await call(false);
    expect(sample((await scrape()).text, refused)).toBe(before + 1);
  });

  it('answers other paths with 404', async () => {
    const res = await fetch(`http://${metrics.address}/secrets`);
    expect(res.status).toBe(404);
  });
});
