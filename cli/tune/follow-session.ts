import type { SessionEnd } from '../../services/trainer/start-trainer';
import { errorMessage } from '../../lib/core/errors';
import type { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { say } from '../option-parsers';
import { ProgressDisplay } from './progress-display';

export interface FollowSessionOptions {
  sessionId: string;
  /** The API the progress comes from (WatchSession), as for any remote watcher. */
  recommendation: RecommendationClient;
  /** Runs the session on the local stack's trainer, to its end. */
  run: () => Promise<SessionEnd>;
  /** The trainer's stop (Ctrl-C); aborted here too when the progress can no longer be shown. */
  stop: AbortController;
  /** @defaultValue a ProgressDisplay on stderr */
  display?: ProgressDisplay;
}

/**
 * Runs the session while showing its progress as WatchSession reports it, and answers how the
 * run ended. A session that reaches a final status ends its watch by itself, after every
 * stored run was shown; a stopped one (Ctrl-C, or another trainer took it over) stays
 * resumable and not final, so its watch is ended here. When the watch fails, the trainer is
 * stopped (the session stays resumable) and the watch's error is the answer: a tune whose
 * progress nobody sees should not go on for hours.
 */
export async function followSession(options: FollowSessionOptions): Promise<SessionEnd> {
  const display = options.display ?? new ProgressDisplay();
  const watching = new AbortController();
  const watch = (async () => {
    for await (const event of options.recommendation.watchSession(options.sessionId, { signal: watching.signal })) display.show(event);
  })();
  // Handled here at once so that a failing watch stops the trainer instead of the process.
  watch.catch((err: unknown) => {
    if (options.stop.signal.aborted) return;
    say(`cannot follow the session's progress (${errorMessage(err)}); stopping after the current run`);
    options.stop.abort('stopped');
  });
  try {
    const end = await options.run();
    if (end === 'stopped') watching.abort();
    await watch;
    return end;
  } finally {
    watching.abort();
    await watch.catch(() => undefined);
    display.stopBar();
  }
}
