import { FailedPreconditionError } from '../../lib/core/errors';
import type { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import type { Session__Output } from '../../proto/generated/autotune/v1/Session';
import { ProgressDisplay } from '../tune/progress-display';

export interface WatchRemoteSessionOptions {
  /** Ends the watch (Ctrl-C); the session itself goes on. */
  signal?: AbortSignal;
  /** @defaultValue a ProgressDisplay on stderr, the one `tune` shows */
  display?: ProgressDisplay;
}

/**
 * `sessions watch ID`: the session's progress as WatchSession streams it, in the display
 * `tune` uses, until the session reaches a final status or the watch is stopped. Answers the
 * session as it is at the end.
 * @throws NotFoundError for an unknown session; FailedPreconditionError when it ended failed.
 */
export async function watchRemoteSession(client: RecommendationClient, id: string, options: WatchRemoteSessionOptions = {}): Promise<Session__Output> {
  const display = options.display ?? new ProgressDisplay();
  try {
    for await (const event of client.watchSession(id, { signal: options.signal })) display.show(event);
  } finally {
    display.stopBar();
  }
  const session = await client.getSession(id);
  if (session.status === 'failed') throw new FailedPreconditionError(`session ${session.id} failed${session.error ? `: ${session.error}` : ''}`);
  return session;
}
