import type { Session__Output } from '../../proto/generated/autotune/v1/Session';
import type { WatchVerdict__Output } from '../../proto/generated/autotune/v1/WatchVerdict';
import { formatNumber } from '../../lib/report/report-numbers';
import { textColumns, timeText } from './text-columns';

/** `pg-autotune sessions list`: one line per session, newest first as the API lists them. */
export function sessionListText(sessions: readonly Session__Output[]): string {
  return textColumns(
    ['SESSION', 'STATUS', 'INSTANCE', 'ROUND', 'STEPS', 'BASELINE TPS', 'BEST TPS', 'CREATED'],
    sessions.map((s) => [
      s.id,
      s.status,
      s.instanceName || s.instanceId,
      s.options?.continuous ? String(s.round || '-') : '-',
      s.options?.continuous ? `${s.iterationsDone} (${s.options.iterations}/round)` : `${s.iterationsDone}/${s.options?.iterations ?? '?'}`,
      tps(s.baselineTps),
      tps(s.bestTps),
      timeText(s.createdAtMs),
    ]),
    'no sessions (start one: pg-autotune sessions start INSTANCE)',
  );
}

/** `pg-autotune sessions status ID`: the session, one fact per line. */
export function sessionStatusText(s: Session__Output): string {
  const lines = [
    `session ${s.id}: ${s.status}`,
    `instance: ${s.instanceName ? `${s.instanceName} (${s.instanceId})` : s.instanceId}`,
    s.options?.continuous
      ? `steps: ${s.iterationsDone} over the rounds, ${s.options.iterations} a round (agent ${s.options.agent || '?'})`
      : `steps: ${s.iterationsDone} of ${s.options?.iterations ?? '?'} (agent ${s.options?.agent || '?'})`,
    ...(s.options?.continuous ? [roundLine(s), ...watchLines(s.lastWatch)] : []),
    `baseline: ${tps(s.baselineTps)} TPS, best step: ${tps(s.bestTps)} TPS`,
    `created: ${timeText(s.createdAtMs)}, started: ${timeText(s.startedAtMs)}, finished: ${timeText(s.finishedAtMs)}`,
  ];
  if (s.error) lines.push(`error: ${s.error}`);
  if (s.pausedReason) lines.push(`paused: ${s.pausedReason}`);
  return `${lines.join('\n')}\n`;
}

/** A continuous session's tuning round (its steps count on across rounds, `iterations` a round). */
function roundLine(s: Session__Output): string {
  const max = s.options?.maxRounds ? ` of at most ${s.options.maxRounds}` : ' (no round limit)';
  return s.round > 0 ? `round: ${s.round}${max}, continuous` : `round: none yet${max}, continuous`;
}

/** A continuous session's last complete watch: the drift test's verdict and the query mix's, as the trainer worded them. */
function watchLines(watch: WatchVerdict__Output | null): string[] {
  if (!watch) return ['last watch: none completed yet'];
  return [
    `last watch: ${timeText(watch.atMs)}, after round ${watch.round}`,
    `  ${watch.driftVerdict || 'drift test: not stored'}`,
    `  ${watch.mixVerdict || 'query mix: not stored'}`,
  ];
}

function tps(value: number): string {
  return value > 0 ? formatNumber(value) : '-';
}
