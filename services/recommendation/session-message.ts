import type { Session } from '../../proto/generated/autotune/v1/Session';
import { SESSION_DEFAULTS } from '../../lib/session/session-limits';
import type { SessionRecord } from '../../lib/store/session-repository';

/**
 * A stored session as the Session message; unknown numbers and times are 0, no error or pause
 * reason is "", and an instance name the caller could not find (deregistered since) is "".
 */
export function toSessionMessage(record: SessionRecord, instanceName: string): Session {
  return {
    id: record.id,
    instanceId: record.instanceId,
    instanceName,
    status: record.status,
    options: record.options,
    iterationsDone: record.iterationsDone,
    baselineTps: record.baselineTps ?? 0,
    bestTps: record.bestTps ?? 0,
    createdAtMs: record.createdAt.getTime(),
    startedAtMs: record.startedAt?.getTime() ?? 0,
    finishedAtMs: record.finishedAt?.getTime() ?? 0,
    error: record.error ?? '',
    pausedReason: record.pausedReason ?? '',
    round: record.round,
  };
}

/** The session's planned tuning steps (sessions stored by other means may lack the field). */
export function plannedIterations(record: SessionRecord): number {
  return record.options?.iterations || SESSION_DEFAULTS.iterations;
}

/** The session's planned verification rounds (sessions stored by other means may lack the field). */
export function plannedVerifyRepeats(record: SessionRecord): number {
  return record.options?.verifyRepeats || SESSION_DEFAULTS.verifyRepeats;
}
