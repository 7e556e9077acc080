import type * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { CollectorHandlers } from '../../proto/generated/autotune/v1/Collector';
import type { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { observeCollectorReplies } from '../../lib/prometheus/collector-metrics';
import { metricsRegistry } from '../../lib/prometheus/metrics-registry';
import { countTrainerSessions, countTrainerSteps } from '../../lib/prometheus/trainer-metrics';

/** The current value of a metric's series with exactly these labels (0 when absent). */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const found = values.find((v) => Object.keys(labels).every((k) => v.labels[k] === labels[k]) && Object.keys(v.labels).length === Object.keys(labels).length);
  return found?.value ?? 0;
}

/** A unary handler that answers `reply` (or fails), the way unaryHandler calls back. */
function answering(reply: unknown, err: unknown = null): grpc.handleUnaryCall<unknown, unknown> {
  return (_call, callback) => callback(err as grpc.ServiceError | null, reply);
}

function call(handler: unknown): Promise<unknown> {
  return new Promise((resolve) => (handler as grpc.handleUnaryCall<unknown, unknown>)({} as grpc.ServerUnaryCall<unknown, unknown>, (_e, r) => resolve(r)));
}

describe('collector metrics follow the replies callers get', () => {
  it('counts applies by outcome and rollbacks', async () => {
    const name = 'pg_autotune_collector_knob_applies_total';
    const before = { applied: await value(name, { outcome: 'applied' }), not: await value(name, { outcome: 'not_applied' }), refused: await value(name, { outcome: 'refused' }) };
    const rollbacks = await value('pg_autotune_collector_rollbacks_total');
    const apply = (reply: unknown, err?: unknown) => call(observeCollectorReplies({ ApplyKnobs: answering(reply, err) } as unknown as CollectorHandlers).ApplyKnobs);
    const reply = { applied: true, rolledBack: false };
    expect(await apply(reply)).toBe(reply);
    await apply({ applied: false, rolledBack: true });
    await apply(undefined, { code: 3, details: 'knobs.work_mem: too big' });
    expect(await value(name, { outcome: 'applied' })).toBe(before.applied + 1);
    expect(await value(name, { outcome: 'not_applied' })).toBe(before.not + 1);
    expect(await value(name, { outcome: 'refused' })).toBe(before.refused + 1);
    expect(await value('pg_autotune_collector_rollbacks_total')).toBe(rollbacks + 1);
  });

  it('counts benchmarks and keeps the last TPS and p95', async () => {
    const ok = await value('pg_autotune_collector_benchmarks_total', { outcome: 'ok' });
    const handlers = observeCollectorReplies({ RunBenchmark: answering({ tps: 812.5, latency: { p95Ms: 9.25 } }) } as unknown as CollectorHandlers);
    await call(handlers.RunBenchmark);
    expect(await value('pg_autotune_collector_benchmarks_total', { outcome: 'ok' })).toBe(ok + 1);
    expect(await value('pg_autotune_collector_benchmark_tps')).toBe(812.5);
    expect(await value('pg_autotune_collector_benchmark_latency_p95_ms')).toBe(9.25);
  });
});

describe('trainer metrics follow what the trainer writes to the store', () => {
  it('counts claims and final statuses, and holds the current session while it runs', async () => {
    const calls: string[] = [];
    const fake = {
      sessions: {
        claimNext: async () => ({ id: 's-1' }),
        setStatus: async (id: string, status: string) => {
          calls.push(`${id}:${status}`);
          return { id, status };
        },
        release: async () => undefined,
      },
    } as unknown as MetadataStore;
    const store = countTrainerSessions(fake);
    const claimed = await value('pg_autotune_trainer_sessions_claimed_total');
    const finished = await value('pg_autotune_trainer_sessions_ended_total', { status: 'finished' });
    expect(await store.sessions.claimNext('w')).toEqual({ id: 's-1' });
    expect(await value('pg_autotune_trainer_sessions_claimed_total')).toBe(claimed + 1);
    expect(await value('pg_autotune_trainer_current_sessions')).toBe(1);
    await store.sessions.setStatus('s-1', 'verifying');
    expect(await value('pg_autotune_trainer_current_sessions')).toBe(1);
    await store.sessions.setStatus('s-1', 'finished');
    expect(calls).toEqual(['s-1:verifying', 's-1:finished']);
    expect(await value('pg_autotune_trainer_sessions_ended_total', { status: 'finished' })).toBe(finished + 1);
    expect(await value('pg_autotune_trainer_current_sessions')).toBe(0);
    await store.sessions.claimNext('w');
    await store.sessions.release('s-1', 'w');
    expect(await value('pg_autotune_trainer_current_sessions')).toBe(0);
  });

  it('counts steps by outcome and keeps the last reward', async () => {
    const replies = [{ failed: false, reward: 0.25 }, { failed: true, reward: -1 }];
    const environment = countTrainerSteps({ step: async () => replies.shift() } as unknown as EnvironmentClient);
    const measured = await value('pg_autotune_trainer_steps_total', { outcome: 'measured' });
    await environment.step('e', [0]);
    expect(await value('pg_autotune_trainer_last_reward')).toBe(0.25);
    await environment.step('e', [0]);
    expect(await value('pg_autotune_trainer_steps_total', { outcome: 'measured' })).toBe(measured + 1);
    expect(await value('pg_autotune_trainer_steps_total', { outcome: 'failed' })).toBe(1);
    expect(await value('pg_autotune_trainer_last_reward')).toBe(-1);
  });
});
