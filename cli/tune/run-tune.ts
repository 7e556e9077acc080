import { writeFile } from 'node:fs/promises';
import { selectBackend } from '../../model/backend';
import { buildReport } from '../../lib/report/build-report';
import { renderAlterSystem } from '../../lib/report/render-alter-system';
import { renderHtml } from '../../lib/report/render-html';
import { renderPostgresqlConf } from '../../lib/report/render-postgresql-conf';
import { renderTerminalTable } from '../../lib/report/render-terminal-table';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { EnvironmentClient } from '../../lib/grpc/clients/environment-client';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { FailedPreconditionError } from '../../lib/core/errors';
import { redisForRun } from '../stack/redis-for-run';
import { startLocalStack } from '../stack/local-stack';
import { openDefaultStore } from '../../lib/store/open-default-store';
import { Trainer } from '../../services/trainer/trainer-worker';
import { logger } from '../../lib/core/logger';
import { say } from '../option-parsers';
import { ProgressDisplay } from './progress-display';
import { sessionOptionsFromCli, type TuneFlags } from './session-options-from-cli';
import { resolveTuneTarget, type TargetFlags } from './tune-target';

export interface TuneCommandFlags extends TuneFlags, TargetFlags {
  store?: string;
  redis?: string;
  resume?: string;
  json?: string;
  report?: string;
}

/**
 * `pg-autotune tune`: every service in this process on loopback gRPC, one session from
 * baseline to verified recommendation, then the report. Ctrl-C stops between runs, restores
 * the server's original configuration and leaves the session resumable (--resume ID).
 */
export async function runTune(flags: TuneCommandFlags): Promise<void> {
  // Validate the tuning options before creating or touching anything.
  const options = flags.resume ? undefined : sessionOptionsFromCli(flags);
  // The services' JSON log lines would bury the progress display; warnings still show.
  if (!process.env.PG_AUTOTUNE_LOG_LEVEL) logger.level = 'warn';
  const backend = await selectBackend();
  say(`tfjs backend: ${backend.name}${backend.fallbacks.length > 0 ? ` (${backend.fallbacks.join('; ')})` : ''}`);
  const tune = await resolveTuneTarget(flags, say);
  const { store, where } = await openDefaultStore({ dsn: flags.store, tuned: tune.target, onProgress: say });
  say(`metadata store: ${where}`);
  const cleanups: Array<() => Promise<void> | void> = [() => store.close()];
  const stop = new AbortController();
  const onSignal = () => {
    say('stopping after the current run; the original configuration will be restored');
    stop.abort('stopped');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const redis = await redisForRun(flags.redis);
    cleanups.push(() => redis.stop());
    if (redis.private) say(`replay buffer: a private redis-server at ${redis.url}`);
    const stack = await startLocalStack({ store, collector: { target: tune.target, control: tune.control, dataDir: tune.dataDir } });
    cleanups.push(() => stack.stop());
    const discovery = new DiscoveryClient(stack.discoveryAddress);
    const recommendation = new RecommendationClient(stack.recommendationAddress);
    const environment = new EnvironmentClient(stack.environmentAddress);
    cleanups.push(() => {
      discovery.close();
      recommendation.close();
      environment.closeClient();
    });
    const instance = await discovery.registerInstance(tune.name, stack.collectorAddress);
    // Keep the instance "alive" in the registry while this process serves its collector.
    const beat = setInterval(() => void discovery.heartbeat(instance.id).catch(() => undefined), 30_000);
    cleanups.push(() => clearInterval(beat));
    const sessionId = flags.resume ?? (await recommendation.createSession(instance.id, options)).id;
    if (flags.resume) {
      const session = await store.sessions.get(flags.resume);
      if (session.instanceId !== instance.id) {
        throw new FailedPreconditionError(`session ${flags.resume} tunes another instance; resume it against the same server`);
      }
    }
    say(`session ${sessionId} on ${instance.name} (${tune.target.describe()}, PostgreSQL ${instance.serverVersion})`);
    const display = new ProgressDisplay();
    const trainer = new Trainer({
      store,
      environment,
      redisUrl: redis.url,
      signal: stop.signal,
      onProgress: (p) => display.update(p),
      // Resuming after a crash: three missed heartbeats (10 s apart) mark the dead run's claim as abandoned.
      staleAfterMs: 30_000,
    });
    const end = await trainer.runSession(sessionId);
    display.stopBar();
    if (end === 'stopped') {
      say(`stopped. Resume with: pg-autotune tune --resume ${sessionId}${flags.target ? ' --target ...' : ''}`);
      process.exitCode = 130;
      return;
    }
    const doc = await buildReport(store, sessionId);
    process.stdout.write(`${renderTerminalTable(doc)}\n${renderAlterSystem(doc)}\n${renderPostgresqlConf(doc)}`);
    if (flags.json) await writeFile(flags.json, `${JSON.stringify(doc, null, 2)}\n`);
    if (flags.report) await writeFile(flags.report, renderHtml(doc));
    if (end !== 'finished') {
      const session = await store.sessions.get(sessionId);
      throw new FailedPreconditionError(`session ${sessionId} ended ${end}${session.error ? `: ${session.error}` : ''}`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
