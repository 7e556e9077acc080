import type { AuditEntry } from '../../proto/generated/autotune/v1/AuditEntry';
import type { AuditRecord } from '../../lib/store/audit-repository';

/** A stored audit row as the AuditEntry message; no session is "". */
export function toAuditEntry(record: AuditRecord): AuditEntry {
  return {
    id: record.id,
    instanceId: record.instanceId,
    sessionId: record.sessionId ?? '',
    action: record.action,
    actor: record.actor,
    appliedKnobs: record.appliedKnobs,
    replacedKnobs: record.replacedKnobs,
    atMs: record.at.getTime(),
    outcome: record.outcome,
  };
}
