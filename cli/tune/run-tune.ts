import { selectBackend } from '../../model/backend';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { rulesPhrase } from '../../lib/report/session-options-text';
import { FailedPreconditionError } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import { startLocalStack } from '../stack/local-stack';
import { say } from '../option-parsers';
import { printReport } from '../report/print-report';
import { followSession } from './follow-session';
import { sessionOptionsFromCli, type TuneFlags } from './session-options-from-cli';
import { resolveTuneTarget, type TargetFlags } from './tune-target';
import { findWorkloadPreset } from '../../lib/session/workload-presets';
import { INSTANCE_HEARTBEAT } from '../../lib/grpc/service-defaults';
import { untilStopAsked } from '../stop-request';

export interface TuneCommandFlags extends TuneFlags, TargetFlags {
  store?: string;
  redis?: string;
  resume?: string;
  json?: string;
  report?: string;
  /** --workloads DIR: folders the collector takes custom scripts from, besides workloads/. */
  workloads?: string[];
}

/**
 * `pg-autotune tune`: every service in this process on loopback gRPC (the local stack, with
 * its trainer), then, as a client of that stack's API like any remote user: register the
 * server, create (or resume) a session, watch its progress, fetch its report. Ctrl-C stops
 * between runs, restores the server's original configuration and leaves the session
 * resumable (--resume ID).
 */
export async function runTune(flags: TuneCommandFlags): Promise<void> {
  // Validate the tuning options before creating or touching anything.
  const options = flags.resume ? undefined : sessionOptionsFromCli(flags);
  // The services' JSON log lines would bury the progress display; warnings still show.
  if (!process.env.PG_AUTOTUNE_LOG_LEVEL) logger.level = 'warn';
  const backend = await selectBackend();
  say(`tfjs backend: ${backend.name}${backend.fallbacks.length > 0 ? ` (${backend.fallbacks.join('; ')})` : ''}`);
  // A preset's scale is what its workload is meant for; --scale still wins (the sandbox only).
  const presetScale = options && flags.preset !== undefined ? findWorkloadPreset(flags.preset, '--preset').scale : undefined;
  const tune = await resolveTuneTarget({ ...flags, scale: flags.scale ?? presetScale }, say);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = new AbortController();
  // Never off again: a signal while the cleanups below put the original back is not to kill them.
  void untilStopAsked().then(() => {
    say('stopping after the current run; the original configuration will be restored');
    stop.abort('stopped');
  });
  try {
    const stack = await startLocalStack({
      storeDsn: flags.store,
      redisUrl: flags.redis,
      collector: { target: tune.target, control: tune.control, dataDir: tune.dataDir, workloadFolders: flags.workloads },
      signal: stop.signal,
      onProgress: say,
    });
    cleanups.push(() => stack.stop());
    const discovery = new DiscoveryClient(stack.discoveryAddress);
    const recommendation = new RecommendationClient(stack.recommendationAddress);
    cleanups.push(() => {
      discovery.close();
      recommendation.close();
    });
    const instance = await discovery.registerInstance(tune.name, stack.collectorAddress);
    // Keep the instance "alive" in the registry while this process serves its collector.
    const beat = setInterval(() => void discovery.heartbeat(instance.id).catch(() => undefined), INSTANCE_HEARTBEAT.intervalMs);
    cleanups.push(() => clearInterval(beat));
    const session = flags.resume ? await recommendation.getSession(flags.resume) : await recommendation.createSession(instance.id, options);
    if (session.instanceId !== instance.id) {
      throw new FailedPreconditionError(`session ${session.id} tunes another instance; resume it against the same server`);
    }
    say(`session ${session.id} on ${instance.name} (${tune.target.describe()}, PostgreSQL ${instance.serverVersion})`);
    const rules = session.options ? rulesPhrase(session.options) : undefined;
    if (rules) say(rules);
    const end = await followSession({ sessionId: session.id, recommendation, run: () => stack.runSession(session.id), stop });
    if (end === 'stopped') {
      say(`stopped; the original configuration is restored. Resume with: pg-autotune tune --resume ${session.id}${flags.target ? ' --target ...' : ''}`);
      process.exitCode = 130;
      return;
    }
    await printReport(await recommendation.getReport(session.id), {
      json: flags.json === undefined ? undefined : { path: flags.json, option: '--json' },
      html: flags.report === undefined ? undefined : { path: flags.report, option: '--report' },
      stdout: (text) => void process.stdout.write(text),
      stderr: say,
    });
    const final = await recommendation.getSession(session.id);
    if (final.status !== 'finished') {
      throw new FailedPreconditionError(`session ${session.id} ended ${final.status}${final.error ? `: ${final.error}` : ''}`);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
