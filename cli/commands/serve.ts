import { Option, type Command } from 'commander';
import { selectBackend } from '../../model/backend';
import { defaultCollectorStateDir, startCollector } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { startEnvironment } from '../../services/environment/start-environment';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { startTrainer } from '../../services/trainer/start-trainer';
import { DEFAULT_REDIS_URL } from '../stack/redis-for-run';
import { logger } from '../../lib/core/logger';
import { PgTarget } from '../../lib/postgres/pg-target';
import type { ServerSecurity } from '../../lib/grpc/auth/server-security';
import { useClientSecurity } from '../../lib/grpc/channel-credentials';
import type { RunningMetricsServer } from '../../lib/prometheus/metrics-server';
import { DEFAULT_LISTEN_HOST, DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { SESSION_CLAIM } from '../../lib/session/session-claim';
import { PORT_RANGE, integerOption } from '../option-parsers';
import { serverControlFromFlags } from '../server-control-from-flags';
import { workloadsOption } from '../option-parsers';
import { startServeAll } from '../serve-all';
import { untilStopAsked } from '../stop-request';
import { stopWithParent } from '../stop-with-parent';
import { SERVE_HELP } from '../serve-help';
import { CONFIG_FILE_ENV, resolveServeConfig, serveConfigOptions } from '../serve-config';
import { addRegistrationOptions, registrationFromFlags, unavailableAfterOption, type RegistrationFlags } from '../serve-registration-options';
import {
  addClientSecurityOptions,
  addMetricsOptions,
  addServerSecurityOptions,
  clientSecurityFromFlags,
  metricsFromFlags,
  serverSecurityFromFlags,
  type ClientSecurityFlags,
  type MetricsFlags,
  type ServerSecurityFlags,
} from '../security-from-flags';

const portOption = (port: number) => integerOption('--port <port>', 'gRPC port (0: a free one)', PORT_RANGE).default(port);
const listenOption = () => new Option('--listen <host>', 'address to listen on').default(DEFAULT_LISTEN_HOST);

interface CollectorCliOptions extends ServeFlags, RegistrationFlags {
  target: string;
  dataDir?: string;
  restartCommand?: string;
  stateDir?: string;
  adoptCurrent?: boolean;
  workloads: string[];
  allowShellScripts?: boolean;
}

/** `pg-autotune serve <service>`: runs one service as its own process, or `serve all` every one of them, until SIGINT/SIGTERM. */
export function registerServeCommands(program: Command): void {
  const serve = program.command('serve').description('Run one pg-autotune service as its own process, or all of them (serve all).');

  const collector = serve
    .command('collector')
    .description('Serve the Collector next to one PostgreSQL server (knobs, metrics, pgbench, safe apply with rollback).')
    .requiredOption('--target <dsn>', 'the server to tune, e.g. postgres://postgres@127.0.0.1:5432/pgbench (password: DSN, PGPASSWORD or ~/.pgpass)')
    .option('--data-dir <dir>', "the server's data directory: allows restarts (pg_ctl) and exact rollback of postgresql.auto.conf")
    .option('--restart-command <cmd>', 'restart the server with this shell command instead of pg_ctl (needs --data-dir for rollback)')
    .option('--state-dir <dir>', `where the original configuration is recorded before the first change (default ${defaultCollectorStateDir()})`)
    .option('--adopt-current', 'when the record shows a change a previous collector left unfinished, keep the configuration in effect instead of restoring the recorded original')
    .addOption(workloadsOption())
    .option('--allow-shell-scripts', 'run custom scripts that use \\shell or \\setshell (commands on this host)')
    .addOption(portOption(DEFAULT_SERVICE_PORTS.collector))
    .addOption(listenOption())
    .addHelpText('after', SERVE_HELP.collector);
  addRegistrationOptions(serverFlags(collector)).action(async (options: CollectorCliOptions) => {
    // From the start: a parent that dies while this collector still starts is noticed too.
    stopWithParent(process.env, options.stateDir ?? defaultCollectorStateDir());
    const target = PgTarget.fromDsn(options.target, process.env, '--target');
    const register = registrationFromFlags(options);
    const security = securityFromServeFlags(options);
    const running = await startCollector({
      target,
      control: serverControlFromFlags(options, target),
      dataDir: options.dataDir,
      stateDir: options.stateDir,
      adoptCurrent: options.adoptCurrent,
      workloadFolders: options.workloads,
      allowShellScripts: options.allowShellScripts,
      port: options.port,
      listenHost: options.listen,
      security,
      register,
    });
    const metrics = await metricsFor(running, options);
    logger.info(
      { address: running.address, target: target.describe(), canRestart: running.service.canRestart, registerWith: register?.discoveryAddress, ...served(security, metrics) },
      'collector serving',
    );
    await untilStopped(running, metrics);
  });

  const environment = serve
    .command('environment')
    .description('Serve the Environment: the RL view (state, action -> knobs, reward) of instances, through their collectors.')
    .addOption(portOption(DEFAULT_SERVICE_PORTS.environment))
    .addOption(listenOption())
    .addHelpText('after', SERVE_HELP.environment);
  serverFlags(environment).action(async (options: ServeFlags) => {
    const security = securityFromServeFlags(options);
    const running = await startEnvironment({ port: options.port, listenHost: options.listen, security });
    const metrics = await metricsFor(running, options);
    logger.info({ address: running.address, ...served(security, metrics) }, 'environment serving');
    await untilStopped(running, metrics);
  });

  const storeServices = [
    {
      name: 'discovery',
      port: DEFAULT_SERVICE_PORTS.discovery,
      about: 'Serve Discovery: the registry of target instances and their collectors.',
      options: [unavailableAfterOption()],
      start: (common: StoreServiceStart, flags: { unavailableAfter?: number }) =>
        startDiscovery({ ...common, unavailableAfterMs: flags.unavailableAfter === undefined ? undefined : flags.unavailableAfter * 1000 }),
    },
    {
      name: 'recommendation',
      port: DEFAULT_SERVICE_PORTS.recommendation,
      about: 'Serve the Recommendation API: tuning sessions, their progress and verified recommendations.',
      options: [],
      start: (common: StoreServiceStart) => startRecommendation(common),
    },
  ] as const;
  for (const service of storeServices) {
    const command = serve
      .command(service.name)
      .description(service.about)
      .option('--store <dsn>', 'metadata store (default: local server from PG* variables, database pg_autotune)')
      .addOption(portOption(service.port))
      .addOption(listenOption());
    for (const option of service.options) command.addOption(option);
    command.addHelpText('after', SERVE_HELP[service.name]);
    serverFlags(command).action(async (options: ServeFlags & { store?: string; unavailableAfter?: number }) => {
      const security = securityFromServeFlags(options);
      // The service opens the store and closes it when it stops.
      const running = await service.start({ store: { dsn: options.store }, port: options.port, listenHost: options.listen, security }, options);
      const metrics = await metricsFor(running, options);
      logger.info({ address: running.address, store: running.storeWhere, ...served(security, metrics) }, `${service.name} serving`);
      await untilStopped(running, metrics);
    });
  }

  registerServeAll(serve);

  const trainerCommand = serve
    .command('trainer')
    .description('Run a trainer: claims pending (or abandoned) sessions from the store and tunes them through an Environment service.')
    .option('--store <dsn>', 'metadata store (default: local server from PG* variables, database pg_autotune)')
    .option('--environment <address>', 'the Environment service', `${DEFAULT_LISTEN_HOST}:${DEFAULT_SERVICE_PORTS.environment}`)
    .option('--redis <url>', 'Redis for replay buffers', DEFAULT_REDIS_URL)
    .addOption(
      integerOption('--stale-after <s>', 'take over a session whose trainer sent no heartbeat for this many seconds', SESSION_CLAIM.staleAfterS)
        .default(SESSION_CLAIM.staleAfterMs / 1000),
    )
    .addHelpText('after', SERVE_HELP.trainer);
  addMetricsOptions(addClientSecurityOptions(trainerCommand)).action(
    async (options: ClientSecurityFlags & MetricsFlags & { store?: string; environment: string; redis: string; staleAfter: number }) => {
      useClientSecurity(clientSecurityFromFlags(options));
      const backend = await selectBackend();
      logger.info({ backend: backend.name, fallbacks: backend.fallbacks }, 'tfjs backend');
      const stop = new AbortController();
      void untilStopAsked().then(() => stop.abort('stopped'));
      const trainer = await startTrainer({
        store: { dsn: options.store },
        environmentAddress: options.environment,
        redisUrl: options.redis,
        signal: stop.signal,
        staleAfterMs: options.staleAfter * 1000,
      });
      const metrics = await metricsFor(trainer, options);
      logger.info({ worker: trainer.workerId, store: trainer.storeWhere, environment: options.environment, metrics: metrics?.address }, 'trainer waiting for sessions');
      try {
        await trainer.serve();
      } finally {
        await trainer.stop();
        await metrics?.stop();
      }
    },
  );
}

/** `serve all`: every service in this process; its configuration resolved by serve-config.ts. */
function registerServeAll(serve: Command): void {
  const all = serve
    .command('all')
    .description('Run every service of one host in one process: Discovery, Environment, Recommendation API, a trainer, and with --target a collector that registers itself.')
    .option('--config <file>', `a YAML file of the keys below (snake_case: data_dir for --data-dir); flags > environment > file > defaults [${CONFIG_FILE_ENV}]`);
  for (const option of serveConfigOptions()) all.addOption(option);
  all.addHelpText('after', SERVE_HELP.all).action(async (flags: Record<string, unknown> & { config?: string }) => {
    const config = resolveServeConfig({ flags, env: process.env, configFile: flags.config });
    const security = securityFromServeFlags({
      tokenFile: config.token_file,
      tlsCa: config.tls_ca,
      tlsClientCert: config.tls_client_cert,
      tlsClientKey: config.tls_client_key,
      tlsCert: config.tls_cert,
      tlsKey: config.tls_key,
      tlsClientCa: config.tls_client_ca,
      insecure: config.insecure,
    });
    const backend = await selectBackend();
    logger.info({ backend: backend.name, fallbacks: backend.fallbacks }, 'tfjs backend');
    const stopping = new AbortController();
    const running = await startServeAll(config, security, stopping.signal);
    const metrics = await metricsFor(running, { metricsPort: config.metrics_port, metricsListen: config.metrics_listen });
    logger.info({ ...running.addresses, worker: running.trainer.workerId, store: running.trainer.storeWhere, ...served(security, metrics) }, 'all services serving');
    void untilStopAsked().then(() => stopping.abort('stopped'));
    try {
      await running.trainer.serve();
    } finally {
      await running.stop();
      await metrics?.stop();
    }
  });
}

interface StoreServiceStart {
  store: { dsn?: string };
  port: number;
  listenHost: string;
  security: ServerSecurity;
}

interface ServeFlags extends ServerSecurityFlags, MetricsFlags {
  port: number;
  listen: string;
}

function serverFlags(command: Command): Command {
  return addMetricsOptions(addServerSecurityOptions(command));
}

/**
 * The token and TLS flags are checked before anything starts, so a bad one stops the command
 * at once; the process's clients (to collectors, to an Environment) carry the same token.
 */
function securityFromServeFlags(flags: ServerSecurityFlags): ServerSecurity {
  const client = clientSecurityFromFlags(flags);
  useClientSecurity(client);
  return serverSecurityFromFlags(flags, client);
}

/** /metrics once the service runs; when its port is taken the service stops again, so the process exits with the error. */
async function metricsFor(running: { stop(): Promise<void> }, flags: MetricsFlags): Promise<RunningMetricsServer | undefined> {
  try {
    return await metricsFromFlags(flags);
  } catch (err) {
    await running.stop();
    throw err;
  }
}

/** What the start line says about access: never the token, only whether there is one. */
function served(security: ServerSecurity, metrics: RunningMetricsServer | undefined) {
  return { token: security.token ? 'required' : 'none', tls: Boolean(security.tls), metrics: metrics?.address };
}

/** Serves until a stop is asked (SIGINT, SIGTERM, the lifeline), then stops the servers and lets in-flight calls finish. */
async function untilStopped(...servers: Array<{ stop(): Promise<void> } | undefined>): Promise<void> {
  await untilStopAsked();
  await Promise.all(servers.map((s) => s?.stop()));
}
