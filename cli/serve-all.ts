import { PgTarget } from '../lib/postgres/pg-target';
import type { ServerSecurity } from '../lib/grpc/auth/server-security';
import type { RunningServer } from '../lib/grpc/grpc-server';
import { startCollector } from '../services/collector/start-collector';
import { startDiscovery } from '../services/discovery/start-discovery';
import { startEnvironment } from '../services/environment/start-environment';
import { startRecommendation } from '../services/recommendation/start-recommendation';
import { startTrainer, type RunningTrainer } from '../services/trainer/start-trainer';
import type { ServeConfig } from './serve-config';
import { serverControlFromFlags } from './server-control-from-flags';
import { TargetCollectors } from './stack/target-collectors';

export interface ServeAll {
  /** host:port of each gRPC service; `collector` only with a target. */
  addresses: { discovery: string; environment: string; recommendation: string; collector?: string };
  trainer: RunningTrainer;
  /** Stops everything started, in reverse order (the trainer first: it restores its server). */
  stop(): Promise<void>;
}

/**
 * The composition root of `pg-autotune serve all`: every service of one host in this process,
 * each on its own port and talking to the others over gRPC exactly as separate `serve X`
 * processes do, so any one of them can later move to its own process or host unchanged.
 * Discovery first (it finds the store), then the Environment and the Recommendation API, the
 * collector when there is a target (registered with this Discovery, heartbeating), a
 * collector in a child process for every instance registered by target (TargetCollectors,
 * which learns of them from this Discovery over gRPC), and one trainer that claims sessions
 * from the store until `signal`.
 */
export async function startServeAll(config: ServeConfig, security: ServerSecurity, signal: AbortSignal): Promise<ServeAll> {
  const store = { dsn: config.store };
  const listenHost = config.listen;
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  const started = (server: RunningServer) => {
    cleanups.push(() => server.stop());
    return dialable(server.address);
  };
  try {
    const discovery = started(
      await startDiscovery({
        store,
        port: config.discovery_port,
        listenHost,
        security,
        unavailableAfterMs: config.unavailable_after_s === undefined ? undefined : config.unavailable_after_s * 1000,
      }),
    );
    const environment = started(await startEnvironment({ port: config.environment_port, listenHost, security }));
    const recommendation = started(await startRecommendation({ store, port: config.recommendation_port, listenHost, security }));
    let collector: string | undefined;
    if (config.target !== undefined) {
      const target = PgTarget.fromDsn(config.target, process.env, 'target');
      collector = started(
        await startCollector({
          target,
          control: serverControlFromFlags({ dataDir: config.data_dir, restartCommand: config.restart_command }, target),
          dataDir: config.data_dir,
          stateDir: config.state_dir,
          workloadFolders: config.workloads,
          allowShellScripts: config.allow_shell_scripts,
          port: config.collector_port,
          listenHost,
          security,
          register: {
            discoveryAddress: discovery,
            // A config that reaches this branch has a name (resolveServeConfig).
            name: config.name!,
            collectorAddress: config.advertise,
            heartbeatIntervalMs: config.heartbeat_interval_s === undefined ? undefined : config.heartbeat_interval_s * 1000,
          },
        }),
      );
    }
    const targetCollectors = TargetCollectors.start({
      discoveryAddress: discovery,
      heartbeatIntervalMs: config.heartbeat_interval_s === undefined ? undefined : config.heartbeat_interval_s * 1000,
      stateDir: config.state_dir,
      workloads: config.workloads,
      allowShellScripts: config.allow_shell_scripts,
      tokenFile: config.token_file,
      tlsCert: config.tls_cert,
      tlsKey: config.tls_key,
      tlsClientCa: config.tls_client_ca,
    });
    // Stopped after the trainer (which puts its server back through them), before Discovery.
    cleanups.push(() => targetCollectors.stop());
    const trainer = await startTrainer({
      store,
      environmentAddress: environment,
      redisUrl: config.redis,
      signal,
      staleAfterMs: config.stale_after_s === undefined ? undefined : config.stale_after_s * 1000,
    });
    cleanups.push(() => trainer.stop());
    return { addresses: { discovery, environment, recommendation, collector }, trainer, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A wildcard listen address (0.0.0.0, ::) as this process dials its own service: loopback. */
function dialable(address: string): string {
  return address.replace(/^(0\.0\.0\.0|\[::\]):/, (_all, host: string) => (host === '0.0.0.0' ? '127.0.0.1:' : '[::1]:'));
}
