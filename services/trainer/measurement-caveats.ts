import { VERIFICATION_RULES } from '../../lib/session/session-limits';
import type { ResolvedSessionOptions } from '../../lib/session/session-options';

/**
 * What this session's measurements cannot see, said in the report next to the numbers
 * (DESIGN.md, Measurement): short runs, restarts, single clients' view of a server.
 */
export function measurementCaveats(options: ResolvedSessionOptions): string[] {
  const caveats = [
    `each run lasted ${options.benchmark.durationS} s after ${options.benchmark.warmupS} s of warm-up with ${options.benchmark.clients} clients; ` +
      'effects that need hours (checkpoints every few minutes, autovacuum, cache growth) are not measured',
    'pgbench workloads stand in for your application; re-check the recommendation under your own load before relying on it',
  ];
  if (options.allowRestart) {
    caveats.push(
      'restart-requiring knobs were measured right after a restart: a large shared_buffers pays page faults on a fresh ' +
        'server, so short runs undervalue it compared with a long-lived, pooled production server',
    );
  }
  if (options.startKnobs.length > 0) {
    const names = options.startKnobs.map((k) => k.name).join(', ');
    caveats.push(
      `the session started from a given configuration (${names}), not the server's own: the gain is measured against that start, ` +
        'and the recommended values were measured with the start settings of untuned knobs still in effect',
    );
  }
  if (options.verifyRepeats < VERIFICATION_RULES.minRounds) {
    caveats.push(
      `verification allowed ${options.verifyRepeats} bracketed round${options.verifyRepeats === 1 ? '' : 's'}: fewer than ${VERIFICATION_RULES.minRounds} are never called significant; use --verify 5 or more`,
    );
  }
  return caveats;
}
