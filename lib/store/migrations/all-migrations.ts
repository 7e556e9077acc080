import type { Migration } from './migration';
import { initialSchema } from './0001-initial-schema';
import { oneActiveSessionPerInstance } from './0002-one-active-session-per-instance';
import { ablationIterationKind } from './0003-ablation-iteration-kind';
import { pausedSessionStatus } from './0004-paused-session-status';
import { instanceSettings } from './0005-instance-settings';
import { approvalAndAudit } from './0006-approval-and-audit';
import { instanceChangeHolds } from './0007-instance-change-holds';
import { instanceTarget } from './0008-instance-target';
import { continuousSessions } from './0009-continuous-sessions';
import { collectorProblem } from './0010-collector-problem';

/** Every migration, in version order. */
export const ALL_MIGRATIONS: readonly Migration[] = [
  initialSchema,
  oneActiveSessionPerInstance,
  ablationIterationKind,
  pausedSessionStatus,
  instanceSettings,
  approvalAndAudit,
  instanceChangeHolds,
  instanceTarget,
  continuousSessions,
  collectorProblem,
];
