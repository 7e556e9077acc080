import type { Migration } from './migration';
import { initialSchema } from './0001-initial-schema';
import { oneActiveSessionPerInstance } from './0002-one-active-session-per-instance';
import { ablationIterationKind } from './0003-ablation-iteration-kind';
import { instanceSettings } from './0005-instance-settings';
import { approvalAndAudit } from './0006-approval-and-audit';

/** Every migration, in version order. */
export const ALL_MIGRATIONS: readonly Migration[] = [initialSchema, oneActiveSessionPerInstance, ablationIterationKind, instanceSettings, approvalAndAudit];
