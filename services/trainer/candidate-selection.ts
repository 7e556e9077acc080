import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { Candidate } from './verify-candidates';

/**
 * The best `count` configurations the tuning steps found, by their (single, noisy) TPS:
 * only steps that applied cleanly and differ from the baseline and from each other.
 * Verification then measures them properly.
 */
export function selectCandidates(steps: IterationRecord[], baselineKnobs: KnobSetting[], count: number): Candidate[] {
  const seen = new Set([knobKey(baselineKnobs)]);
  const candidates: Candidate[] = [];
  const ranked = steps
    .filter((s) => s.kind === 'step' && !s.error && !s.rolledBack && s.tps !== null)
    .sort((a, b) => b.tps! - a.tps! || a.n - b.n);
  for (const step of ranked) {
    const key = knobKey(step.knobs);
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ fromIteration: step.n, knobs: step.knobs });
    if (candidates.length === count) break;
  }
  return candidates;
}

function knobKey(knobs: KnobSetting[]): string {
  return [...knobs]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((k) => `${k.name}=${k.value}`)
    .join('&');
}
