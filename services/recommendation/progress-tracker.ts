import type { ProgressEvent } from '../../proto/generated/autotune/v1/ProgressEvent';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { SessionRecord, SessionStatus } from '../../lib/store/session-repository';
import { WATCH_DECISION_METRICS } from '../../lib/store/watch-decision-metrics';
import { plannedIterations, plannedVerifyRepeats } from './session-message';

/** What each status means to someone watching; the session's planned verification rounds fill in `verifying`. */
function statusMessage(status: SessionStatus, verifyRepeats: number): string {
  switch (status) {
    case 'pending':
      return 'waiting for a trainer to claim the session';
    case 'running':
      return 'tuning: the baseline run first, then the tuning steps';
    case 'verifying':
      return `verifying the best candidates against the baseline in up to ${verifyRepeats} interleaved rounds (fewer once every candidate is decided)`;
    case 'paused':
      return 'paused: the collector could not be reached; a trainer resumes the session once it answers again';
    case 'watching':
      return 'watching: the configuration in force is re-measured every watch interval; a significant drop opens a new tuning round';
    case 'finished':
      return 'finished: the recommendation is ready';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}

/**
 * Turns what the store shows of a session (its status, then its iteration rows in the order
 * they were written) into ProgressEvents, keeping the running figures: steps done, the first
 * baseline's TPS and the best TPS of a step that applied cleanly (as the store computes them).
 */
export class ProgressTracker {
  private current: SessionStatus | undefined;
  private stepsDone = 0;
  private baselineTps = 0;
  private bestTps = 0;
  private readonly sessionId: string;
  private readonly iterationsTotal: number;
  private readonly verifyRepeats: number;

  constructor(session: SessionRecord) {
    this.sessionId = session.id;
    this.iterationsTotal = plannedIterations(session);
    this.verifyRepeats = plannedVerifyRepeats(session);
  }

  /** The status of the last status event; undefined before the first. */
  get status(): SessionStatus | undefined {
    return this.current;
  }

  /** The session's status (and why, when it failed). */
  statusEvent(session: SessionRecord): ProgressEvent {
    this.current = session.status;
    const message = session.status === 'failed' && session.error ? `failed: ${session.error}` : statusMessage(session.status, this.verifyRepeats);
    return this.event({ message });
  }

  /** One stored run; carries the status last reported. */
  rowEvent(row: IterationRecord): ProgressEvent {
    const tps = row.tps ?? 0;
    const clean = row.error === null && !row.rolledBack && row.tps !== null;
    switch (row.kind) {
      case 'baseline':
        if (this.baselineTps === 0 && clean) this.baselineTps = tps;
        return this.event({ runKind: row.kind, tps, message: `baseline ${row.n}: ${describeRun(row)}` });
      case 'step':
        this.stepsDone = Math.max(this.stepsDone, row.n);
        if (clean && tps > this.bestTps) this.bestTps = tps;
        return this.event({
          runKind: row.kind,
          iteration: row.n,
          tps: clean ? tps : 0,
          reward: row.reward ?? 0,
          message: `${row.round > 1 ? `round ${row.round} ` : ''}step ${row.n}/${this.iterationsTotal * row.round}: ${describeRun(row)}${row.reward === null ? '' : `, reward ${row.reward.toFixed(3)}`}`,
        });
      case 'verify': {
        const label = typeof row.metrics.label === 'string' ? row.metrics.label : 'run';
        const round = typeof row.metrics.round === 'number' ? ` round ${row.metrics.round + 1}` : '';
        return this.event({ runKind: row.kind, tps, message: `verify${round}: ${label} ${describeRun(row)}` });
      }
      case 'drift':
        return this.event({ runKind: row.kind, tps, message: `baseline configuration re-measured: ${describeRun(row)}` });
      case 'ablation': {
        const label = typeof row.metrics.label === 'string' ? row.metrics.label : 'run';
        const round = typeof row.metrics.round === 'number' ? ` round ${row.metrics.round + 1}` : '';
        return this.event({ runKind: row.kind, tps, message: `ablation${round}: ${label} ${describeRun(row)}` });
      }
      case 'watch': {
        const decision = row.metrics[WATCH_DECISION_METRICS.drift];
        const drift = typeof decision === 'object' && decision !== null ? (decision as { verdict?: unknown }).verdict : undefined;
        return this.event({ runKind: row.kind, tps, message: `watch ${row.n}: configuration in force ${describeRun(row)}${typeof drift === 'string' ? `; ${drift}` : ''}` });
      }
    }
  }

  private event(fields: Partial<ProgressEvent>): ProgressEvent {
    return {
      sessionId: this.sessionId,
      status: this.current ?? '',
      iteration: this.stepsDone,
      iterationsTotal: this.iterationsTotal,
      tps: 0,
      bestTps: this.bestTps,
      baselineTps: this.baselineTps,
      reward: 0,
      message: '',
      runKind: '',
      ...fields,
    };
  }
}

function describeRun(row: IterationRecord): string {
  if (row.error !== null) return `failed (${row.error})${row.rolledBack ? ', rolled back' : ''}`;
  if (row.rolledBack) return 'rolled back';
  if (row.tps === null) return 'no measurement';
  const p95 = row.latencyP95Ms === null ? '' : `, p95 ${row.latencyP95Ms.toFixed(1)} ms`;
  return `${row.tps.toFixed(1)} TPS${p95}`;
}
