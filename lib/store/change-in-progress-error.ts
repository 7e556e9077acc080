import { FailedPreconditionError } from '../core/errors';
import type { ChangeInProgress } from './instance-lock';

/**
 * Thrown when a session, or a second change, would start on an instance while a configuration
 * change holds it (an approval, a rollback, a watch: instance-change-repository.ts). It names
 * the holder, so a person knows what to wait for; a watch that meets one waits and tries again
 * (services/trainer/watch-hold.ts) instead of failing.
 */
export class ChangeInProgressError extends FailedPreconditionError {
  constructor(
    readonly instanceName: string,
    readonly change: ChangeInProgress,
  ) {
    super(
      `instance "${instanceName}" has a configuration change in progress (${change.holder}, since ${change.since.toISOString()}); ` +
        'try again when it is done',
    );
  }
}
