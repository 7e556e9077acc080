import path from 'node:path';
import { logger, logToFile } from '../lib/core/logger';
import { requestStop } from './stop-request';

/** Set by `serve all` for the collectors it starts (cli/stack/target-collector-env.ts): only they stop with their parent. */
export const STOP_WITH_PARENT_ENV = 'PG_AUTOTUNE_STOP_WITH_PARENT';

/** Where an orphaned collector logs its shutdown: its state directory outlives the parent's pipe. */
export function orphanLogFile(stateDir: string, pid = process.pid): string {
  return path.join(stateDir, `orphaned-collector-${pid}.log`);
}

/**
 * A `serve collector` that `serve all` started (cli/stack/target-collector-process.ts, with
 * STOP_WITH_PARENT_ENV set and an IPC channel) stops when that parent is gone, however it went.
 * The kernel closes the channel's socket when the parent exits, SIGKILL and crashes included,
 * and Node reports 'disconnect' at once: no polling of process.ppid (late, and blind under a
 * subreaper) and no PR_SET_PDEATHSIG (not reachable from Node). Opt-in: any other process
 * with an IPC channel (PM2's fork mode, a fork() wrapper, tsx) is not stopped by its parent.
 * The collector then asks the same stop a SIGTERM asks (stop-request.ts): it puts back an
 * unfinished change; when it is stopping already, that stop goes on uncut.
 */
export function stopWithParent(env: NodeJS.ProcessEnv, stateDir: string): void {
  const channel = process.channel;
  if (!channel || env[STOP_WITH_PARENT_ENV] !== '1') return;
  process.once('disconnect', () => {
    // stdout and stderr are pipes the dead parent read: writes fail with EPIPE now. The log goes
    // to a file that survives, so the shutdown (a failed restore above all) is on record; anything
    // else written to the pipes (a Node warning, the CLI's last error line) must not throw out of it.
    // Whether or not the file opens, the stop is asked: the change in flight matters more than its record.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    const file = orphanLogFile(stateDir);
    if (logToFile(file)) logger.warn({ log: file }, 'the parent (serve all) is gone: stopping');
    requestStop('parent gone');
  });
  // The listener refs the channel; the command's own work, not its lifeline, keeps it running.
  channel.unref();
}
