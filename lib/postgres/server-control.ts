import type { PgTarget } from './pg-target';
import type { PgCtl } from './pg-ctl';
import { runRestartCommand } from './restart-command';

/**
 * How the collector restarts its server. Without a data directory it cannot (and then refuses
 * restart-requiring knobs up front); with one it uses pg_ctl, or the user's restart command
 * for servers managed by systemd, Patroni and the like.
 */
export interface ServerControl {
  readonly canRestart: boolean;
  /** Restarts and waits until the server accepts connections; throws with the server log's reason. */
  restart(timeoutS: number): Promise<void>;
  /** Starts a stopped server (after a restart that failed) and waits for it. */
  start(timeoutS: number): Promise<void>;
  isRunning(): Promise<boolean>;
}

/** The control of a server the collector may only reload. */
export const RELOAD_ONLY: ServerControl = {
  canRestart: false,
  restart: () => Promise.reject(new Error('restart is not permitted')),
  start: () => Promise.reject(new Error('start is not permitted')),
  isRunning: () => Promise.resolve(true),
};

/**
 * Restarts through pg_ctl on the data directory. Starting after a failed restart also goes
 * through `pg_ctl restart`: unlike `start`, it reuses postmaster.opts, so a server started with
 * -o "-p 5499" comes back on its own port.
 */
export function pgCtlControl(pgCtl: PgCtl): ServerControl {
  return {
    canRestart: true,
    restart: (timeoutS) => pgCtl.restart({ timeoutS }),
    start: (timeoutS) => pgCtl.restart({ timeoutS }),
    isRunning: async () => (await pgCtl.status()) === 'running',
  };
}

/**
 * Restarts with the user's command (systemd, Patroni, pg_ctlcluster ...). Whether the server
 * runs is read from the data directory through pg_ctl status, which needs no permission to
 * control it.
 */
export function restartCommandControl(command: string, target: PgTarget, pgCtl: PgCtl): ServerControl {
  const restart = (timeoutS: number) => runRestartCommand({ command, target, timeoutS });
  const isRunning = async () => (await pgCtl.status()) === 'running';
  return {
    canRestart: true,
    restart,
    // The rollback's start must not depend on the command alone: one that stopped the server
    // and hung (or failed) would leave it down. Then pg_ctl on the data directory starts it.
    start: async (timeoutS) => {
      try {
        await restart(timeoutS);
      } catch (err) {
        if (await isRunning()) throw err;
        await pgCtl.restart({ timeoutS });
      }
    },
    isRunning,
  };
}
