import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import type { Candidate } from './verify-candidates';

/**
 * The best `count` configurations the tuning steps found, by their (noisy) TPS: only steps
 * that applied cleanly and differ from the baseline. A configuration measured more than once
 * (a re-measured step) ranks by the geometric mean of its runs, not by its luckiest run, which
 * would favour it over configurations that had one draw. Verification then measures them properly.
 */
export function selectCandidates(steps: IterationRecord[], baselineKnobs: KnobSetting[], count: number): Candidate[] {
  const baselineKey = knobKey(baselineKnobs);
  const byConfig = new Map<string, { first: IterationRecord; logTps: number[] }>();
  for (const step of steps) {
    if (step.kind !== 'step' || step.error || step.rolledBack || step.tps === null || !(step.tps > 0)) continue;
    const key = knobKey(step.knobs);
    if (key === baselineKey) continue;
    const config = byConfig.get(key);
    if (!config) byConfig.set(key, { first: step, logTps: [Math.log(step.tps)] });
    else {
      config.logTps.push(Math.log(step.tps));
      if (step.n < config.first.n) config.first = step;
    }
  }
  return [...byConfig.values()]
    .map(({ first, logTps }) => ({ first, score: logTps.reduce((a, b) => a + b, 0) / logTps.length }))
    .sort((a, b) => b.score - a.score || a.first.n - b.first.n)
    .slice(0, count)
    .map(({ first }) => ({ fromIteration: first.n, knobs: first.knobs }));
}

function knobKey(knobs: KnobSetting[]): string {
  return [...knobs]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((k) => `${k.name}=${k.value}`)
    .join('&');
}
