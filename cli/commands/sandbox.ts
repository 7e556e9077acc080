import type { Command } from 'commander';
import { Sandbox, SANDBOX_LIMITS } from '../../lib/postgres/sandbox';
import { integerIn, rangeText, say } from '../option-parsers';

/**
 * `pg-autotune sandbox up|down|status`: a throwaway local PostgreSQL with pgbench data to tune.
 * Machine-readable answers (the DSN, the state) go to stdout; progress goes to stderr.
 */
export function registerSandboxCommands(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('A throwaway local PostgreSQL with pgbench data, to try pg-autotune on (loopback only, no password).');

  sandbox
    .command('up')
    .description('Create and start the sandbox (or start it, or report it when running); prints its DSN last on stdout.')
    .option(
      '--scale <n>',
      `pgbench scale factor, 100,000 accounts (~15 MB) each, ${rangeText(SANDBOX_LIMITS.scale)} (default: 10 for a new sandbox, else the loaded one)`,
      integerIn('--scale', SANDBOX_LIMITS.scale),
    )
    .option('--port <port>', `port on 127.0.0.1, ${rangeText(SANDBOX_LIMITS.port)} (default: a free one)`, integerIn('--port', SANDBOX_LIMITS.port))
    .action(async (options: { scale?: number; port?: number }) => {
      const info = await new Sandbox({ onProgress: say }).up(options);
      const what = { created: 'created', started: 'started', 'already-running': 'already running' }[info.outcome];
      say(`sandbox ${what}${info.reloaded ? ', pgbench data reloaded' : ''}: pgbench scale ${info.scale}, data in ${info.dataDir}`);
      process.stdout.write(`${info.dsn}\n`);
    });

  sandbox
    .command('down')
    .description('Stop the sandbox and delete its files.')
    .action(async () => {
      const box = new Sandbox({ onProgress: say });
      say((await box.down()) ? `sandbox in ${box.baseDir} stopped and removed` : `no sandbox in ${box.baseDir}`);
    });

  sandbox
    .command('status')
    .description('Print "running", "stopped" or "absent", with the DSN.')
    .action(async () => {
      const status = await new Sandbox().status();
      if (status.state === 'absent') {
        process.stdout.write(`absent (no sandbox in ${status.baseDir}; create one with \`pg-autotune sandbox up\`)\n`);
        return;
      }
      process.stdout.write(`${status.state} ${status.dsn} (pgbench scale ${status.scale}, data in ${status.dataDir})\n`);
    });
}
