import { Counter, Gauge } from 'prom-client';
import type { EnvironmentClient } from '../grpc/clients/environment-client';
import type { MetadataStore } from '../store/metadata-store';
import { FINAL_STATUSES, type SessionRepository } from '../store/session-repository';
import { METRIC_PREFIX, metricsRegistry } from './metrics-registry';

const claimed = new Counter({
  name: `${METRIC_PREFIX}trainer_sessions_claimed_total`,
  help: 'Sessions this trainer claimed (pending ones, and abandoned ones it took over)',
  registers: [metricsRegistry],
});

const ended = new Counter({
  name: `${METRIC_PREFIX}trainer_sessions_ended_total`,
  help: 'Sessions this trainer ran to a final status: finished, failed or cancelled',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

const current = new Gauge({
  name: `${METRIC_PREFIX}trainer_current_sessions`,
  help: 'Sessions this trainer holds right now (0 while it waits for one)',
  registers: [metricsRegistry],
});

const steps = new Counter({
  name: `${METRIC_PREFIX}trainer_steps_total`,
  help: 'Tuning steps (Environment Step calls) answered: measured, or failed (the bounded failure penalty)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const lastReward = new Gauge({
  name: `${METRIC_PREFIX}trainer_last_reward`,
  help: 'Reward of the last tuning step',
  registers: [metricsRegistry],
});

/**
 * The trainer's store, counting the session changes it makes: a claim, a final status, a
 * release (the session stays resumable). Counting where the store is written keeps the
 * trainer's code free of metrics and the counts equal to what the store says.
 */
export function countTrainerSessions(store: MetadataStore): MetadataStore {
  const held = new Set<string>();
  const letGo = (id: string) => {
    held.delete(id);
    current.set(held.size);
  };
  const inner = store.sessions;
  const sessions: SessionRepository = Object.create(inner);
  sessions.claimNext = async (...args) => {
    const session = await inner.claimNext(...args);
    if (session) {
      claimed.inc();
      held.add(session.id);
      current.set(held.size);
    }
    return session;
  };
  sessions.setStatus = async (id, status, error) => {
    const record = await inner.setStatus(id, status, error);
    if (FINAL_STATUSES.includes(status)) {
      ended.inc({ status });
      letGo(id);
    }
    return record;
  };
  sessions.release = async (id, workerId) => {
    await inner.release(id, workerId);
    letGo(id);
  };
  return Object.create(store, { sessions: { value: sessions } }) as MetadataStore;
}

/** The trainer's Environment client, counting steps and keeping the last reward. */
export function countTrainerSteps(environment: EnvironmentClient): EnvironmentClient {
  const counted: EnvironmentClient = Object.create(environment);
  counted.step = async (envId, action) => {
    const reply = await environment.step(envId, action);
    steps.inc({ outcome: reply.failed ? 'failed' : 'measured' });
    lastReward.set(reply.reward);
    return reply;
  };
  return counted;
}
