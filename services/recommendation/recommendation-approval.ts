import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import { FailedPreconditionError, InvalidArgumentError, errorMessage } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { CollectorClient } from '../../lib/grpc/clients/collector-client';
import { CONFIGURATION_CHANGE_HOLD } from '../../lib/grpc/service-defaults';
import { APPROVAL_LIMITS } from '../../lib/session/session-limits';
import { AUDIT_APPLIED, type AuditAction, type AuditRecord } from '../../lib/store/audit-repository';
import type { InstanceRecord } from '../../lib/store/instance-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import type { RecommendationRecord } from '../../lib/store/recommendation-repository';

/** What approval needs of a collector: a CollectorClient's calls (tests may count or break them). */
export type ApprovalCollector = Pick<CollectorClient, 'getKnobs' | 'applyKnobs' | 'keepKnobs' | 'close'>;

export interface RecommendationApprovalOptions {
  store: MetadataStore;
  /** @defaultValue a CollectorClient with the process's security (lib/grpc/channel-credentials.ts) */
  connectCollector?: (address: string) => ApprovalCollector;
}

/** One change to make to an instance, and what to tell the audit about it. */
interface Change {
  instance: InstanceRecord;
  sessionId: string | null;
  action: AuditAction;
  actor: string;
  knobs: KnobSetting[];
  allowDurabilityRisk: boolean;
  reverts?: string;
}

/**
 * Decisions on recommendations that wait for a person, and the rollback of applied changes.
 *
 * Approve, in the order it happens:
 *  1. the session and its recommendation exist (NOT_FOUND) and the recommendation is
 *     significant (FAILED_PRECONDITION);
 *  2. the change begins in the store, atomically under the instance's row lock, as creating a
 *     session does: no session is active on the instance but a watching one (continuous,
 *     between rounds: it restores nothing and its next watch measures what the change put in
 *     force) and no other change is in progress
 *     (FAILED_PRECONDITION naming it), and until step 5 no session can start there;
 *  3. the decision is taken in the store atomically (of two approvers exactly one wins; it
 *     must be pending);
 *  4. through the instance's collector: the live values of the recommended knobs are read
 *     (what the change replaces), the recommendation is applied with ApplyKnobs (validated
 *     against the catalog, rolled back by the collector when the server breaks), and KeepKnobs
 *     makes it the configuration the collector keeps; an audit row says who, what, what it
 *     replaced and whether it took. A change that did not take leaves the recommendation
 *     pending again, and the caller gets the reason (UNAVAILABLE for an unreachable collector);
 *  5. the change ends, whatever happened (a process that dies before leaves a hold that lapses,
 *     CONFIGURATION_CHANGE_HOLD).
 * Rollback applies the values the instance's newest unreverted applied change replaced, the
 * same way (steps 2, 4 and 5), audited as a change of its own that names the one it reverts.
 * Reject changes nothing on the server, so it needs no hold.
 */
export class RecommendationApproval {
  private readonly store: MetadataStore;
  private readonly connectCollector: (address: string) => ApprovalCollector;

  constructor(options: RecommendationApprovalOptions) {
    this.store = options.store;
    this.connectCollector = options.connectCollector ?? ((address) => new CollectorClient(address));
  }

  /** @throws NotFoundError, FailedPreconditionError, UnavailableError (see the class comment) */
  async approve(sessionId: string, approver: string | undefined): Promise<RecommendationRecord> {
    const actor = checkActor(approver, 'approver');
    const { recommendation, instance, allowDurabilityRisk } = await this.pending(sessionId);
    return this.holding(instance, `approval of session ${sessionId}'s recommendation by ${actor}`, async () => {
      await this.store.recommendations.decide(sessionId, 'approved', actor);
      try {
        await this.change({ instance, sessionId, action: 'approve', actor, knobs: recommendation.knobs, allowDurabilityRisk });
      } catch (err) {
        await this.store.recommendations.reopen(sessionId);
        throw err;
      }
      return this.store.recommendations.get(sessionId);
    });
  }

  /** Nothing is applied. @throws NotFoundError, FailedPreconditionError (see the class comment) */
  async reject(sessionId: string, approver: string | undefined): Promise<RecommendationRecord> {
    const actor = checkActor(approver, 'approver');
    await this.pending(sessionId);
    return this.store.recommendations.decide(sessionId, 'rejected', actor);
  }

  /**
   * Puts back what the instance's newest unreverted applied change replaced.
   * @throws NotFoundError for an unknown instance, FailedPreconditionError when a session is
   *   active on it, another change is in progress or nothing is left to roll back,
   *   UnavailableError for an unreachable collector.
   */
  async rollback(instanceIdOrName: string, actorName: string | undefined): Promise<AuditRecord> {
    const actor = checkActor(actorName, 'actor');
    if (!instanceIdOrName) throw new InvalidArgumentError('instance_id', 'an instance id or name is required');
    const instance = await this.store.instances.get(instanceIdOrName);
    return this.holding(instance, `rollback by ${actor}`, async () => {
      const last = await this.store.audit.lastRevertible(instance.id);
      if (!last) throw new FailedPreconditionError(`instance ${instance.name} has no applied change left to roll back`);
      // The values it replaced may include a durability knob the change turned off: putting it back needs the same opt-in.
      const session = last.sessionId === null ? undefined : await this.store.sessions.get(last.sessionId);
      return this.change({
        instance,
        sessionId: last.sessionId,
        action: 'rollback',
        actor,
        knobs: last.replacedKnobs,
        allowDurabilityRisk: session?.options.allowDurabilityRisk === true,
        reverts: last.id,
      });
    });
  }

  /** The checks before a decision (step 1): whether it is pending is taken with the decision. */
  private async pending(sessionId: string): Promise<{ recommendation: RecommendationRecord; instance: InstanceRecord; allowDurabilityRisk: boolean }> {
    if (!sessionId) throw new InvalidArgumentError('session_id', 'a session id is required');
    const session = await this.store.sessions.get(sessionId);
    const recommendation = await this.store.recommendations.get(session.id);
    if (recommendation.report.significant !== true) {
      throw new FailedPreconditionError(`the recommendation of session ${session.id} is not significant: there is nothing to approve or reject`);
    }
    // Whether it is pending is the decision's own check (RecommendationRepository.decide), atomic with it.
    const instance = await this.store.instances.get(session.instanceId);
    return { recommendation, instance, allowDurabilityRisk: session.options.allowDurabilityRisk === true };
  }

  /**
   * Steps 2 and 5 around `work`: a session tuning the instance meanwhile would measure, and then
   * restore over, whatever the change applies, so none may start until it ends.
   */
  private async holding<T>(instance: InstanceRecord, holder: string, work: () => Promise<T>): Promise<T> {
    const token = await this.store.changes.begin(instance.id, holder);
    try {
      return await work();
    } finally {
      await this.store.changes.end(instance.id, token).catch((err: unknown) =>
        logger.error(
          { instance: instance.name, err: errorMessage(err), lapsesAfterMs: CONFIGURATION_CHANGE_HOLD.staleAfterMs },
          'could not end the hold of a configuration change: no session can start on the instance until it lapses',
        ),
      );
    }
  }

  /** Step 4: apply and keep through the collector, audit either way. */
  private async change(change: Change): Promise<AuditRecord> {
    const { instance, knobs } = change;
    const collector = this.connectCollector(instance.collectorAddress);
    let replaced: KnobSetting[] = [];
    const audit = (outcome: string) =>
      this.store.audit.record({
        instanceId: instance.id,
        ...(change.sessionId === null ? {} : { sessionId: change.sessionId }),
        action: change.action,
        actor: change.actor,
        appliedKnobs: knobs,
        replacedKnobs: replaced,
        ...(change.reverts === undefined ? {} : { reverts: change.reverts }),
        outcome,
      });
    // Set when the collector answered why the change did not take; otherwise a failure is the error's.
    let refused: string | undefined;
    try {
      const live = await collector.getKnobs(knobs.map((k) => k.name));
      replaced = live.knobs.map((k) => ({ name: k.name, value: k.value }));
      const result = await collector.applyKnobs({ knobs, allowDurabilityRisk: change.allowDurabilityRisk });
      if (!result.applied) {
        refused = `rolled back: ${result.error}`;
        throw new FailedPreconditionError(`the collector of ${instance.name} applied the change but rolled it back (${result.error}); the configuration is as before`);
      }
      await collector.keepKnobs();
      const record = await audit(AUDIT_APPLIED);
      logger.info({ instance: instance.name, action: change.action, actor: change.actor, knobs: knobs.map((k) => `${k.name}=${k.value}`) }, 'configuration change applied');
      return record;
    } catch (err) {
      await audit(refused ?? `failed: ${errorMessage(err)}`).catch((auditErr: unknown) =>
        logger.error({ instance: instance.name, action: change.action, err: errorMessage(auditErr) }, 'could not audit a change that did not take'),
      );
      throw err;
    } finally {
      collector.close();
    }
  }
}

/** An actor name as the audit keeps it: a short printable name. */
function checkActor(value: string | undefined, field: string): string {
  const name = (value ?? '').trim();
  if (name === '' || name.length > APPROVAL_LIMITS.actorLength || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidArgumentError(field, `must be a name of 1..${APPROVAL_LIMITS.actorLength} printable characters (who decides, for the audit)`);
  }
  return name;
}
