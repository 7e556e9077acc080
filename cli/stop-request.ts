import { logger } from '../lib/core/logger';

/**
 * "Until a stop is asked": the one place a long-running command (`serve ...`, `tune`) waits for
 * SIGINT, SIGTERM or its lifeline (stop-with-parent.ts). The handlers stay for the life of the
 * process (`process.on`, never `once`): after a `once` handler ran, a second signal (systemd's
 * KillMode=control-group sends one to every process, `serve all` sends its collectors another)
 * takes Node's default and kills a collector while it puts back an unfinished change, maybe
 * mid-restart, leaving the server on a configuration nobody chose. One stop per process; later
 * asks only log "already stopping", once.
 */
let askedBy: string | undefined;
let toldAlreadyStopping = false;
let listening = false;
let begin: (why: string) => void = () => undefined;
const asked = new Promise<string>((resolve) => (begin = resolve));

/** Resolves with what asked the stop (SIGINT, SIGTERM, parent gone): at once when it was asked already. */
export function untilStopAsked(): Promise<string> {
  if (!listening) {
    listening = true;
    process.on('SIGINT', () => requestStop('SIGINT'));
    process.on('SIGTERM', () => requestStop('SIGTERM'));
  }
  return asked;
}

/**
 * Asks the stop, as SIGTERM does. Asked before the command waits for it (still starting), the
 * command stops as soon as it does wait, instead of being killed half-way through its start.
 */
export function requestStop(why: string): void {
  if (askedBy !== undefined) {
    if (!toldAlreadyStopping) logger.info({ signal: why, stoppingOn: askedBy }, 'already stopping');
    toldAlreadyStopping = true;
    return;
  }
  askedBy = why;
  logger.info({ signal: why }, 'shutting down');
  begin(why);
}
