import { FailedPreconditionError } from '../core/errors';
import { keyLogLines } from './server-log';

/**
 * Thrown when PostgreSQL exits while starting (pg_ctl start or restart): a setting it rejects,
 * shared memory it cannot get, a port in use. The message carries the log's FATAL/PANIC lines
 * so a person sees why; `logLines` holds what the server wrote during this attempt, for
 * callers that store it with a failed trial.
 */
export class ServerStartError extends FailedPreconditionError {
  constructor(
    readonly dataDir: string,
    readonly logLines: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`PostgreSQL in ${dataDir} did not start: ${keyLogLines(logLines).join(' | ') || 'it wrote no log'}`, options);
  }

  /** True when another process holds the port; a caller that chose the port may pick another. */
  get portInUse(): boolean {
    return this.logLines.some((line) => /Address already in use/.test(line));
  }
}
