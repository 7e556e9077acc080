import type { Command } from 'commander';
import { Sandbox, SANDBOX_DEFAULT_SCALE, SANDBOX_LIMITS } from '../../lib/postgres/sandbox';
import { integerOption, say } from '../option-parsers';

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
    .addOption(
      integerOption(
        '--scale <n>',
        'pgbench scale factor, 100,000 accounts (~15 MB) each',
        SANDBOX_LIMITS.scale,
        `${SANDBOX_DEFAULT_SCALE} for a new sandbox, else the loaded one`,
      ),
    )
    .addOption(integerOption('--port <port>', 'port on 127.0.0.1', SANDBOX_LIMITS.port, 'a free one'))
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
