import type { Command } from 'commander';
import { startCollector } from '../../services/collector/start-collector';
import { RELOAD_ONLY, pgCtlControl, restartCommandControl, type ServerControl } from '../../services/collector/server-control';
import { InvalidArgumentError } from '../../services/shared/errors';
import { logger } from '../../services/shared/logger';
import { PgTarget } from '../../services/shared/pg-target';
import { PgCtl } from '../../services/shared/postgres/pg-ctl';
import type { RunningServer } from '../../services/shared/grpc/grpc-server';
import { PORT_RANGE, integerIn } from '../option-parsers';

interface CollectorCliOptions {
  target: string;
  dataDir?: string;
  restartCommand?: string;
  port: number;
  listen: string;
}

/** `pg-autotune serve <service>`: runs one service as its own process until SIGINT/SIGTERM. */
export function registerServeCommands(program: Command): void {
  const serve = program.command('serve').description('Run one pg-autotune service as its own process.');

  serve
    .command('collector')
    .description('Serve the Collector next to one PostgreSQL server (knobs, metrics, pgbench, safe apply with rollback).')
    .requiredOption('--target <dsn>', 'the server to tune, e.g. postgres://postgres@127.0.0.1:5432/pgbench (password: DSN, PGPASSWORD or ~/.pgpass)')
    .option('--data-dir <dir>', "the server's data directory: allows restarts (pg_ctl) and exact rollback of postgresql.auto.conf")
    .option('--restart-command <cmd>', 'restart the server with this shell command instead of pg_ctl (needs --data-dir for rollback)')
    .option('--port <port>', 'gRPC port (0: a free one)', integerIn('--port', PORT_RANGE), 7002)
    .option('--listen <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: CollectorCliOptions) => {
      const target = PgTarget.fromDsn(options.target, process.env, '--target');
      const running = await startCollector({
        target,
        control: collectorControl(options, target),
        dataDir: options.dataDir,
        port: options.port,
        listenHost: options.listen,
      });
      logger.info({ address: running.address, target: target.describe(), canRestart: running.service.canRestart }, 'collector serving');
      await untilSignal(running);
    });
}

function collectorControl(options: CollectorCliOptions, target: PgTarget): ServerControl {
  if (options.restartCommand && !options.dataDir) {
    throw new InvalidArgumentError('--restart-command', 'needs --data-dir too: rolling back a config that stops the server means rewriting postgresql.auto.conf there');
  }
  if (!options.dataDir) return RELOAD_ONLY;
  const pgCtl = new PgCtl({ dataDir: options.dataDir });
  return options.restartCommand ? restartCommandControl(options.restartCommand, target, pgCtl) : pgCtlControl(pgCtl);
}

/** Serves until SIGINT or SIGTERM, then stops the server and lets in-flight calls finish. */
export function untilSignal(...servers: RunningServer[]): Promise<void> {
  return new Promise((resolve) => {
    const stop = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      await Promise.all(servers.map((s) => s.stop()));
      resolve();
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
