import * as grpc from '@grpc/grpc-js';
import type { AuditEntry__Output } from '../../../proto/generated/autotune/v1/AuditEntry';
import type { ListSessionsResponse__Output } from '../../../proto/generated/autotune/v1/ListSessionsResponse';
import type { ProgressEvent__Output } from '../../../proto/generated/autotune/v1/ProgressEvent';
import type { RecommendationClient as GeneratedRecommendationClient } from '../../../proto/generated/autotune/v1/Recommendation';
import type { RecommendationReport__Output } from '../../../proto/generated/autotune/v1/RecommendationReport';
import type { Session__Output } from '../../../proto/generated/autotune/v1/Session';
import type { SessionOptions } from '../../../proto/generated/autotune/v1/SessionOptions';
import type { SessionReport__Output } from '../../../proto/generated/autotune/v1/SessionReport';
import type { ReportDocument } from '../../report/report-document';
import { parseReportDocument } from '../../report/report-document-schema';
import { fromGrpcError } from '../grpc-errors';
import { autotuneV1 } from '../autotune-proto';
import { clientChannel, type ClientSecurity } from '../channel-credentials';
import { unaryCall } from '../unary-call';

const TIMEOUT_MS = 15_000;
// An approval or a rollback waits for the collector's ApplyKnobs, which may restart the server (its own deadline is 15 min).
const APPLY_TIMEOUT_MS = 16 * 60_000;

export interface WatchOptions {
  /** Stops watching: the iterator ends quietly and the server's watch is cancelled. */
  signal?: AbortSignal;
}

/** A promise-based client of the Recommendation service; errors arrive as the named errors of lib/core/errors. */
export class RecommendationClient {
  private readonly client: GeneratedRecommendationClient;
  private readonly what: string;

  /** `security`: the process's own (channel-credentials.ts) unless given. */
  constructor(readonly address: string, security?: ClientSecurity) {
    const channel = clientChannel(security);
    this.client = new (autotuneV1().Recommendation)(address, channel.credentials, channel.options);
    this.what = `recommendation service at ${address}`;
  }

  /** A pending session on the instance (id or name); unset options get their defaults. */
  createSession(instanceId: string, options: SessionOptions = {}): Promise<Session__Output> {
    return unaryCall(this.what, TIMEOUT_MS, (o, cb) => this.client.createSession({ instanceId, options }, o, cb));
  }

  getSession(id: string): Promise<Session__Output> {
    return unaryCall(this.what, TIMEOUT_MS, (o, cb) => this.client.getSession({ id }, o, cb));
  }

  /** Every session, newest first, page after page; only the instance's (id or name) when given. */
  async listSessions(instanceId = ''): Promise<Session__Output[]> {
    const sessions: Session__Output[] = [];
    let pageToken = '';
    do {
      const page = await this.listSessionsPage(instanceId, { pageToken });
      sessions.push(...page.sessions);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return sessions;
  }

  /** One page, newest first: pageSize 0 is the service's default; pass the reply's nextPageToken for the next (empty after the last). */
  listSessionsPage(instanceId = '', page: { pageSize?: number; pageToken?: string } = {}): Promise<ListSessionsResponse__Output> {
    return unaryCall(this.what, TIMEOUT_MS, (o, cb) => this.client.listSessions({ instanceId, pageSize: page.pageSize ?? 0, pageToken: page.pageToken ?? '' }, o, cb));
  }

  cancelSession(id: string): Promise<Session__Output> {
    return unaryCall(this.what, TIMEOUT_MS, (o, cb) => this.client.cancelSession({ id }, o, cb));
  }

  getRecommendation(sessionId: string): Promise<RecommendationReport__Output> {
    return unaryCall(this.what, TIMEOUT_MS, (o, cb) => this.client.getRecommendation({ sessionId }, o, cb));
  }

  /** Applies a pending recommendation through the instance's collector; the recommendation, approved. */
  approveRecommendation(sessionId: string, approver: string): Promise<RecommendationReport__Output> {
    return unaryCall(this.what, APPLY_TIMEOUT_MS, (o, cb) => this.client.approveRecommendation({ sessionId, approver }, o, cb));
  }

  /** Discards a pending recommendation; the recommendation, rejected. */
  rejectRecommendation(sessionId: string, approver: string): Promise<RecommendationReport__Output> {
    return unaryCall(this.what, TIMEOUT_MS, (o, cb) => this.client.rejectRecommendation({ sessionId, approver }, o, cb));
  }

  /** Puts back what the instance's (id or name) last applied change replaced; the rollback's audit entry. */
  rollbackInstance(instanceId: string, actor: string): Promise<AuditEntry__Output> {
    return unaryCall(this.what, APPLY_TIMEOUT_MS, (o, cb) => this.client.rollbackInstance({ instanceId, actor }, o, cb));
  }

  /**
   * The report document of any session (a running one's says how far it got), checked
   * against its format on arrival.
   * @throws NotFoundError for an unknown session; InvalidArgumentError (field report_json) for a document not in format v1.
   */
  async getReport(sessionId: string): Promise<ReportDocument> {
    const reply = await unaryCall<SessionReport__Output>(this.what, TIMEOUT_MS, (o, cb) => this.client.getReport({ sessionId }, o, cb));
    return parseReportDocument(reply.reportJson, 'report_json');
  }

  /**
   * The session's progress events, ending after the one for its final status. Leaving the
   * loop early (break, return, throw) or aborting `signal` cancels the call on the server.
   * @throws the named error of the failure (NotFoundError for an unknown session, ...).
   */
  async *watchSession(id: string, options: WatchOptions = {}): AsyncGenerator<ProgressEvent__Output, void, undefined> {
    const { signal } = options;
    if (signal?.aborted) return;
    const call = this.client.watchSession({ id });
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      for await (const event of call) yield event as ProgressEvent__Output;
    } catch (err) {
      if (signal?.aborted) return;
      throw isServiceError(err) ? fromGrpcError(err, this.what) : err;
    } finally {
      signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  close(): void {
    this.client.close();
  }
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === 'number' && 'metadata' in err;
}
