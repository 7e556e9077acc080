import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';

/**
 * The stored session options as short phrases for people: workload, clients, run length,
 * agent, knobs, verification. The row is read defensively: fields unset (or from an older
 * version) are left out rather than guessed.
 */
export function sessionOptionsPhrases(options: SessionOptions): string[] {
  const phrases: string[] = [];
  const bench = options.benchmark;
  if (bench) {
    const scripts = (bench.scripts ?? [])
      .map((s) => `${s.builtin || s.file || '?'}${s.weight && s.weight !== 1 ? `@${s.weight}` : ''}`)
      .join(' + ');
    if (scripts) phrases.push(`workload ${scripts}`);
    if (bench.clients) phrases.push(`${bench.clients} clients`);
    if (bench.durationS) phrases.push(`${bench.durationS} s runs${bench.warmupS ? ` after ${bench.warmupS} s warm-up` : ''}`);
  }
  if (options.agent) phrases.push(`agent ${options.agent}`);
  if (options.knobs && options.knobs.length > 0) phrases.push(`knobs ${options.knobs.join(',')}`);
  if (options.verifyRepeats) phrases.push(`at most ${options.verifyRepeats} verification rounds`);
  if (options.minGain) phrases.push(`min gain ${Number((Number(options.minGain) * 100).toFixed(2))}%`);
  if (options.verifyBudgetS) phrases.push(`verification budget ${options.verifyBudgetS} s`);
  if (options.baselineEvery) phrases.push(`baseline re-measured every ${options.baselineEvery} steps`);
  if (options.allowRestart) phrases.push('restarts allowed');
  if (options.allowDurabilityRisk) phrases.push('durability knobs allowed');
  return phrases;
}
