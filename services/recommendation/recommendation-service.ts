import type { ProgressEvent } from '../../proto/generated/autotune/v1/ProgressEvent';
import type { RecommendationReport } from '../../proto/generated/autotune/v1/RecommendationReport';
import type { Session } from '../../proto/generated/autotune/v1/Session';
import type { SessionReport } from '../../proto/generated/autotune/v1/SessionReport';
import { buildReport } from '../../lib/report/build-report';
import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, UnavailableError } from '../../lib/core/errors';
import { applySessionDefaults } from '../../lib/session/session-options';
import { sessionOptionsOnInstance } from '../../lib/session/instance-session-options';
import { LIST_SESSIONS_PAGE } from '../../lib/session/session-limits';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { RecommendationRecord } from '../../lib/store/recommendation-repository';
import { ACTIVE_STATUSES, FINAL_STATUSES, type SessionRecord } from '../../lib/store/session-repository';
import { WATCH_DECISION_METRICS } from '../../lib/store/watch-decision-metrics';
import type { AuditEntry } from '../../proto/generated/autotune/v1/AuditEntry';
import { toAuditEntry } from './audit-entry-message';
import { fillRendered } from './fill-rendered';
import { FinishedReportCache, type FinishedCacheOptions } from './finished-report-cache';
import { recommendationVersion, reportVersion } from './kept-answer-versions';
import { RecommendationApproval, type ApprovalCollector } from './recommendation-approval';
import { toRecommendationReport } from './recommendation-report';
import { toSessionMessage } from './session-message';
import { watchSession } from './session-watch';
import { toWatchVerdictMessage } from './watch-verdict-message';

export interface RecommendationServiceOptions {
  store: MetadataStore;
  /**
   * How often WatchSession looks at the store for new runs and status changes.
   * @defaultValue 500
   */
  watchPollMs?: number;
  /** Bounds of the kept answers of finished sessions (see FinishedReportCache); tests shorten recheckMs or step the clock. */
  finishedCache?: FinishedCacheOptions;
  /**
   * How approvals and rollbacks reach an instance's collector.
   * @defaultValue a CollectorClient with the process's security
   */
  connectCollector?: (address: string) => ApprovalCollector;
}

const SHUTDOWN = 'shutdown';

/**
 * The user-facing API over the metadata store: tuning sessions on registered instances, their
 * progress and their verified recommendation. It creates sessions as pending rows; a trainer
 * (in this process or another) claims and runs them, and writes what it does to the store,
 * which is where this service reads it.
 */
export class RecommendationService {
  private readonly store: MetadataStore;
  private readonly watchPollMs: number;
  private readonly watches = new Set<AbortController>();
  // Built once per finished session (and version): rebuilding from every stored iteration on each poll saturated the service near 120 calls/s.
  private readonly finishedRecommendations: FinishedReportCache<RecommendationReport>;
  private readonly finishedReports: FinishedReportCache<SessionReport>;
  private readonly approval: RecommendationApproval;

  constructor(options: RecommendationServiceOptions) {
    this.store = options.store;
    this.watchPollMs = options.watchPollMs ?? 500;
    if (!(this.watchPollMs > 0)) throw new InvalidArgumentError('watchPollMs', `must be > 0, got ${this.watchPollMs}`);
    this.finishedRecommendations = new FinishedReportCache((id) => this.currentVersion(id, recommendationVersion), options.finishedCache);
    this.finishedReports = new FinishedReportCache((id) => this.currentVersion(id, reportVersion), options.finishedCache);
    this.approval = new RecommendationApproval({ store: this.store, connectCollector: options.connectCollector });
  }

  /**
   * A pending session on the instance (id or name), its options validated and completed with
   * the instance's workload and knobs where it names none, then the defaults, and kept within
   * the instance's limits (sessionOptionsOnInstance), so the stored row says exactly what will run.
   * @throws InvalidArgumentError naming the option, NotFoundError for an unknown instance,
   *   FailedPreconditionError naming the option and the instance limit it is beyond, or for an
   *   instance registered by target that no collector serves yet.
   */
  async createSession(request: { instanceId: string; options?: SessionOptions | null }): Promise<Session> {
    const instanceId = required(request.instanceId, 'instance_id', 'an instance id or name is required');
    // Options invalid on any instance are refused before the store is asked.
    applySessionDefaults(request.options);
    const instance = await this.store.instances.get(instanceId);
    if (!instance.collectorAddress) {
      // Registered by target, and `serve all` has not announced the collector it starts for it yet.
      throw new FailedPreconditionError(`instance "${instance.name}" has no collector yet: a \`serve all\` with its Discovery starts one for its target; try again once \`pg-autotune instances\` shows it alive`);
    }
    const options = sessionOptionsOnInstance(request.options, instance);
    return toSessionMessage(await this.store.sessions.create(instance.id, options), instance.name);
  }

  /** @throws NotFoundError */
  async getSession(id: string): Promise<Session> {
    return this.sessionMessage(await this.store.sessions.get(required(id, 'id', 'a session id is required')));
  }

  /**
   * One page of sessions, newest first; only the instance's when an instance id or name is
   * given. `nextPageToken` is empty on the last page.
   * @throws NotFoundError for an unknown instance, InvalidArgumentError for a page_size past
   *   LIST_SESSIONS_PAGE.maxSize or a page_token no page ended with.
   */
  async listSessions(request: { instanceId?: string; pageSize?: number; pageToken?: string } = {}): Promise<{ sessions: Session[]; nextPageToken: string }> {
    const { instanceId = '', pageSize = 0, pageToken = '' } = request;
    if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > LIST_SESSIONS_PAGE.maxSize) {
      throw new InvalidArgumentError('page_size', `must be 0 (the default, ${LIST_SESSIONS_PAGE.defaultSize}) to ${LIST_SESSIONS_PAGE.maxSize}, got ${pageSize}`);
    }
    if (instanceId) await this.store.instances.get(instanceId);
    const page = await this.store.sessions.listPage({
      ...(instanceId ? { instanceIdOrName: instanceId } : {}),
      size: pageSize || LIST_SESSIONS_PAGE.defaultSize,
      ...(pageToken ? { after: pageToken } : {}),
    });
    // One read of the instances for the page's names, not one per session.
    const names = new Map((await this.store.instances.list()).map((i) => [i.id, i.name]));
    return { sessions: page.sessions.map((s) => toSessionMessage(s, names.get(s.instanceId) ?? '')), nextPageToken: page.next ?? '' };
  }

  /**
   * Cancels an active session (ACTIVE_STATUSES: pending, running, verifying, paused) by setting its status to 'cancelled' at
   * once; cancelling a cancelled session returns it unchanged. A pending session is never
   * claimed afterwards. A running one is stopped by its trainer, which reads the status with
   * every heartbeat (SessionRepository.heartbeat, every 10 s), stops at the next boundary
   * between runs and restores the server's original configuration: until then the status
   * already says cancelled while the last run finishes.
   * @throws FailedPreconditionError for a finished or failed session, NotFoundError.
   */
  async cancelSession(id: string): Promise<Session> {
    const session = await this.store.sessions.get(required(id, 'id', 'a session id is required'));
    if (session.status === 'cancelled') return this.sessionMessage(session);
    if (FINAL_STATUSES.includes(session.status)) {
      throw new FailedPreconditionError(`session ${session.id} is already ${session.status}; only ${ACTIVE_STATUSES.join(', ')} sessions can be cancelled`);
    }
    return this.sessionMessage(await this.store.sessions.setStatus(session.id, 'cancelled'));
  }

  /**
   * Streams the session's progress to `emit` until it reaches a final status (see
   * watchSession). Resolves quietly when `signal` aborts (the client went away).
   * @throws NotFoundError for an unknown session, UnavailableError when the service shuts down meanwhile.
   */
  async watchSession(id: string, emit: (event: ProgressEvent) => void, signal?: AbortSignal): Promise<void> {
    const sessionId = required(id, 'id', 'a session id is required');
    const own = new AbortController();
    const forward = () => own.abort(signal?.reason);
    if (signal?.aborted) return;
    signal?.addEventListener('abort', forward, { once: true });
    this.watches.add(own);
    try {
      await watchSession(this.store, sessionId, { emit, signal: own.signal, pollMs: this.watchPollMs });
      if (own.signal.aborted && own.signal.reason === SHUTDOWN) {
        throw new UnavailableError('the recommendation service is shutting down; watch the session again');
      }
    } finally {
      signal?.removeEventListener('abort', forward);
      this.watches.delete(own);
    }
  }

  /**
   * The verified recommendation of a session, with its ALTER SYSTEM and postgresql.conf views.
   * @throws NotFoundError for an unknown session, or one that has no recommendation yet.
   */
  async getRecommendation(sessionId: string): Promise<RecommendationReport> {
    const id = required(sessionId, 'session_id', 'a session id is required');
    return this.finishedRecommendations.getOrBuild(id, async () => {
      const session = await this.store.sessions.get(id);
      let stored: RecommendationRecord;
      try {
        stored = await this.store.recommendations.get(session.id);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        const why = FINAL_STATUSES.includes(session.status) ? `it ended ${session.status} without one` : `it is ${session.status}`;
        throw new NotFoundError(`session ${session.id} has no recommendation: ${why}`, { cause: err });
      }
      const report = await fillRendered(toRecommendationReport(stored, session), { store: this.store, sessionId: session.id });
      // The version of the rows read before rendering: a change since then is a newer version.
      return { value: report, version: recommendationVersion(session.status, stored) };
    });
  }

  /**
   * Applies a pending recommendation through the instance's collector and audits it (see
   * RecommendationApproval); returns the recommendation, approved.
   * @throws NotFoundError for an unknown session or one without a recommendation,
   *   FailedPreconditionError when it is not significant, not pending (naming who decided), the
   *   instance has an active session, or the collector rolled the change back;
   *   UnavailableError for an unreachable collector.
   */
  async approveRecommendation(request: { sessionId?: string; approver?: string }): Promise<RecommendationReport> {
    const id = required(request.sessionId, 'session_id', 'a session id is required');
    try {
      await this.approval.approve(id, request.approver);
    } finally {
      this.finishedRecommendations.delete(id);
    }
    return this.getRecommendation(id);
  }

  /** Discards a pending recommendation; nothing is applied. @throws as approveRecommendation, without the collector's */
  async rejectRecommendation(request: { sessionId?: string; approver?: string }): Promise<RecommendationReport> {
    const id = required(request.sessionId, 'session_id', 'a session id is required');
    await this.approval.reject(id, request.approver);
    this.finishedRecommendations.delete(id);
    return this.getRecommendation(id);
  }

  /**
   * Puts back the configuration the instance's newest unreverted applied change replaced; the
   * audit row of the rollback.
   * @throws NotFoundError for an unknown instance, FailedPreconditionError when a session is
   *   active on it or nothing is left to roll back, UnavailableError for an unreachable collector.
   */
  async rollbackInstance(request: { instanceId?: string; actor?: string }): Promise<AuditEntry> {
    const instance = required(request.instanceId, 'instance_id', 'an instance id or name is required');
    return toAuditEntry(await this.approval.rollback(instance, request.actor));
  }

  /**
   * The report document of any session, finished or not: what a finished one recommends, or
   * how far a pending, running or failed one got (its `conclusion` says why there is no
   * recommendation). The same document `pg-autotune report --json` writes. A finished
   * session's is built once (its generatedAt is then that first build's time).
   * @throws NotFoundError for an unknown session.
   */
  async getReport(sessionId: string): Promise<SessionReport> {
    const id = required(sessionId, 'session_id', 'a session id is required');
    return this.finishedReports.getOrBuild(id, async () => {
      // Read before building, so that a change during the build is a newer version.
      const version = await this.currentVersion(id, reportVersion);
      const doc = await buildReport(this.store, id);
      return { value: { sessionId: id, reportJson: JSON.stringify(doc) }, version };
    });
  }

  /** Watch streams open now. */
  get activeWatches(): number {
    return this.watches.size;
  }

  /** The version a kept answer of the session would have now (kept-answer-versions.ts). @throws NotFoundError for a removed session */
  private async currentVersion(id: string, versionOf: typeof recommendationVersion): Promise<string | undefined> {
    const [status, recommendation] = await Promise.all([this.store.sessions.status(id), this.store.recommendations.version(id)]);
    return versionOf(status, recommendation);
  }

  /**
   * The session with its instance's name ("" when the instance was deregistered since) and,
   * for a continuous session, its last complete watch's verdicts.
   */
  private async sessionMessage(record: SessionRecord): Promise<Session> {
    const name = await this.store.instances.get(record.instanceId).then(
      (i) => i.name,
      (err: unknown) => {
        if (err instanceof NotFoundError) return '';
        throw err;
      },
    );
    const message = toSessionMessage(record, name);
    if (!record.options?.continuous) return message;
    const watch = await this.store.iterations.latestWithMetric(record.id, 'watch', WATCH_DECISION_METRICS.drift);
    return watch ? { ...message, lastWatch: toWatchVerdictMessage(watch) } : message;
  }

  /** Ends every open watch (with UNAVAILABLE), so a server shutdown does not wait for them. */
  close(): void {
    for (const watch of this.watches) watch.abort(SHUTDOWN);
  }
}

function required(value: string | undefined, field: string, message: string): string {
  if (!value) throw new InvalidArgumentError(field, message);
  return value;
}
