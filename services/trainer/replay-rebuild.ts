import type { ReplayBuffer, Transition } from '../../model/replay/replay-buffer';
import type { IterationRecord } from '../../lib/store/iteration-repository';

/**
 * The transitions of a session, rebuilt from its stored iterations: each step's previous
 * state is the state after the run before it (the baseline for the first). Redis may lose
 * the replay buffer; the metadata store never does.
 */
export function transitionsFromIterations(iterations: IterationRecord[]): Transition[] {
  const transitions: Transition[] = [];
  let previous: number[] | null = null;
  for (const row of iterations) {
    if (row.kind === 'baseline' && row.state) previous = row.state;
    if (row.kind !== 'step' || !row.state || !row.action || row.reward === null || !previous) continue;
    transitions.push({
      state: Float32Array.from(previous),
      action: Float32Array.from(row.action),
      reward: row.reward,
      nextState: Float32Array.from(row.state),
      done: false,
    });
    previous = row.state;
  }
  return transitions;
}

/** Refills the buffer when it holds fewer transitions than the store (Redis restarted or evicted). */
export async function ensureReplay(buffer: ReplayBuffer, iterations: IterationRecord[]): Promise<number> {
  const transitions = transitionsFromIterations(iterations);
  if ((await buffer.size()) >= transitions.length) return 0;
  await buffer.clear();
  for (const t of transitions) await buffer.add(t);
  return transitions.length;
}
