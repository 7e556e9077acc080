import { spawn } from 'node:child_process';
import { SERVICE_NAMES } from '../../lib/grpc/autotune-proto';
import { checkHealth } from '../../lib/grpc/health-client';
import { findFreePort } from '../../lib/postgres/free-port';
import { TARGET_COLLECTORS } from '../../lib/grpc/service-defaults';
import type { InstanceTarget } from '../../lib/session/instance-target';
import { targetCollectorEnv } from './target-collector-env';

/** What every collector `serve all` starts shares with it: where state goes, scripts, how it serves. */
export interface TargetCollectorFlags {
  stateDir?: string;
  workloads: readonly string[];
  allowShellScripts: boolean;
  /** Server security of `serve all`, passed on as the same flags (the token may also come from PG_AUTOTUNE_TOKEN, passed on: target-collector-env.ts). */
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
}

/** A `serve collector` child of this process. */
export interface TargetCollectorProcess {
  /** 127.0.0.1:PORT, where it serves once `started` resolved. */
  readonly address: string;
  readonly target: InstanceTarget;
  /** Resolves once it serves; rejects when it exits first or does not serve in time (it is killed then). */
  readonly started: Promise<void>;
  /** Resolves when it has exited, for whatever reason. */
  readonly exited: Promise<void>;
  /** The last line it wrote to stderr (its log), '' for none: why it exited, when it did. */
  lastLogLine(): string;
  /** SIGTERM (it puts back an unfinished change), SIGKILL after TARGET_COLLECTORS.stopGraceMs; resolves once it is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `pg-autotune serve collector` for `target` as a child process, on a free port of
 * loopback, with the program and node flags of this very process (dist/ in production, the
 * sources under tsx in tests). No shell: the DSN (password-free) and the data directory are
 * argv words. Its environment is an allow-list (target-collector-env.ts): no PGPASSWORD, so
 * the target's password comes from a passfile only. Its JSON log goes to this process's stderr,
 * mixed with ours; its last line is kept (lastLogLine).
 * It does not register itself: the supervisor announces it and heartbeats for it while it runs.
 */
export async function startTargetCollectorProcess(target: InstanceTarget, flags: TargetCollectorFlags): Promise<TargetCollectorProcess> {
  const port = await findFreePort('127.0.0.1');
  const address = `127.0.0.1:${port}`;
  const optional = (flag: string, value: string | undefined) => (value ? [flag, value] : []);
  const args = [
    ...process.execArgv,
    process.argv[1]!,
    'serve', 'collector',
    '--target', target.target,
    ...optional('--data-dir', target.dataDir ?? undefined),
    ...optional('--state-dir', flags.stateDir),
    ...flags.workloads.flatMap((folder) => ['--workloads', folder]),
    ...(flags.allowShellScripts ? ['--allow-shell-scripts'] : []),
    ...optional('--token-file', flags.tokenFile),
    ...optional('--tls-cert', flags.tlsCert),
    ...optional('--tls-key', flags.tlsKey),
    ...optional('--tls-client-ca', flags.tlsClientCa),
    '--listen', '127.0.0.1',
    '--port', String(port),
  ];
  // The IPC channel is its lifeline, never used for messages: when this process dies, however it
  // dies, the kernel closes it and the child (told so by STOP_WITH_PARENT_ENV, set in its
  // environment) asks the stop a SIGTERM asks (cli/stop-with-parent.ts).
  const child = spawn(process.execPath, args, { env: targetCollectorEnv(process.env, flags), stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  // The tail only: enough for the last line, however much it logs.
  let tail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-TARGET_COLLECTORS.logTailChars);
  });
  const lastLogLine = () => tail.trimEnd().split('\n').at(-1) ?? '';
  const running = () => child.exitCode === null && child.signalCode === null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // A spawn that failed emits error and no exit.
    child.once('error', () => resolve());
  });
  const stop = async () => {
    if (running()) child.kill('SIGTERM');
    const timer = setTimeout(() => running() && child.kill('SIGKILL'), TARGET_COLLECTORS.stopGraceMs);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const started = (async () => {
    const deadline = Date.now() + TARGET_COLLECTORS.readyTimeoutMs;
    while (Date.now() < deadline) {
      if (!running()) throw new Error(`the collector for ${target.target} exited (code ${child.exitCode ?? child.signalCode}) before serving; its log is above`);
      if ((await checkHealth(address, SERVICE_NAMES.collector, TARGET_COLLECTORS.readyCheckMs).catch(() => 'DOWN')) === 'SERVING') return;
      await new Promise((r) => setTimeout(r, TARGET_COLLECTORS.readyPollMs));
    }
    await stop();
    throw new Error(`the collector for ${target.target} did not serve within ${TARGET_COLLECTORS.readyTimeoutMs / 1000} s; stopped`);
  })();
  // The caller awaits `started`; until then a rejection is not unhandled.
  started.catch(() => undefined);
  return { address, target, started, exited, lastLogLine, stop };
}
