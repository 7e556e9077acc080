import type { SessionOptions } from '../../proto/generated/autotune/v1/SessionOptions';
import { settingText } from './knob-display';

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
  const rules = rulesPhrase(options);
  if (options.agent) phrases.push(options.agent === 'rules' && rules ? rules : `agent ${options.agent}`);
  if (options.agent !== 'rules' && rules) phrases.push(rules);
  if (options.knobs && options.knobs.length > 0) phrases.push(`knobs ${options.knobs.join(',')}`);
  if (options.verifyRepeats) phrases.push(`at most ${options.verifyRepeats} verification rounds`);
  if (options.minGain) phrases.push(`min gain ${Number((Number(options.minGain) * 100).toFixed(2))}%`);
  if (options.verifyBudgetS) phrases.push(`verification budget ${options.verifyBudgetS} s`);
  if (options.ablationRounds === 0) phrases.push('no ablation');
  else if (options.ablationRounds) phrases.push(`ablation ${options.ablationRounds} rounds`);
  if (options.baselineEvery) phrases.push(`baseline re-measured every ${options.baselineEvery} steps`);
  if (options.remeasureTop) phrases.push(`a step among the ${options.remeasureTop} best so far measured again, as the next step`);
  if (options.continuous) {
    const threshold = options.driftThreshold ? ` of more than ${Number((Number(options.driftThreshold) * 100).toFixed(2))}%` : '';
    const rounds = options.maxRounds ? `, at most ${options.maxRounds} rounds` : '';
    const mix = options.mixThreshold && Number(options.mixThreshold) < 1 ? ` or a query-mix change above ${Number(options.mixThreshold)}` : '';
    phrases.push(`continuous: watched every ${options.watchIntervalS ?? '?'} s, a new round on a significant drop${threshold}${mix}${rounds}`);
  }
  if (options.allowRestart) phrases.push('restarts allowed');
  if (options.allowDurabilityRisk) phrases.push('durability knobs allowed');
  const start = startConfigurationText(options);
  if (start) phrases.push(start);
  return phrases;
}

/**
 * What the PGTune rules do in this session, or undefined when they take no part: the rules
 * agent's one step, or the warm start of another agent.
 */
export function rulesPhrase(options: SessionOptions): string | undefined {
  const inputs = [options.rulesWorkload, options.rulesStorage].filter(Boolean).join(' on ');
  const what = `PGTune's configuration${inputs ? ` for ${inputs}` : ''}`;
  if (options.agent === 'rules') return `agent rules: one step, ${what}, then verification`;
  if (options.warmStart === 'rules') return `first step ${what} (warm start)`;
  return undefined;
}

/**
 * What a session started from when it was given a start configuration (--start-config):
 * the baseline measured it and the recommendation builds on it; null when it started from
 * the server's own configuration.
 */
export function startConfigurationText(options: SessionOptions): string | null {
  const knobs = (options.startKnobs ?? []).filter((k) => k.name);
  if (knobs.length === 0) return null;
  const settings = knobs.map((k) => `${k.name}=${settingText(k.name!, k.value ?? '')}`).join(', ');
  return `started from a given configuration (${settings}), the baseline the recommendation is measured against`;
}
