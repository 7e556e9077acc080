import { describe, expect, it } from 'vitest';
import type { KnobSetting__Output as KnobSetting } from '../../proto/generated/autotune/v1/KnobSetting';
import type { IterationRecord } from '../../lib/store/iteration-repository';
import { selectCandidates } from '../../services/trainer/candidate-selection';
import { iterationRecord } from '../helpers/iteration-record';

const baseline = [
  { name: 'work_mem', value: '4096' },
  { name: 'random_page_cost', value: '4' },
];

function knobs(workMem: string, randomPageCost = '4'): KnobSetting[] {
  return [
    { name: 'work_mem', value: workMem },
    { name: 'random_page_cost', value: randomPageCost },
  ];
}

function step(n: number, tps: number | null, knobValues: KnobSetting[], extra: Partial<IterationRecord> = {}): IterationRecord {
  return iterationRecord({ n, tps, knobs: knobValues, ...extra });
}

describe('selectCandidates', () => {
  it('takes the steps with the highest TPS, best first, as many as asked', () => {
    const steps = [step(1, 100, knobs('8192')), step(2, 300, knobs('16384')), step(3, 200, knobs('32768')), step(4, 250, knobs('65536'))];
    expect(selectCandidates(steps, baseline, 3)).toEqual([
      { fromIteration: 2, knobs: knobs('16384') },
      { fromIteration: 4, knobs: knobs('65536') },
      { fromIteration: 3, knobs: knobs('32768') },
    ]);
  });

  it('breaks a TPS tie with the earlier step', () => {
    const steps = [step(5, 200, knobs('8192')), step(2, 200, knobs('16384'))];
    expect(selectCandidates(steps, baseline, 2).map((c) => c.fromIteration)).toEqual([2, 5]);
  });

  it('leaves out steps that failed, were rolled back or have no TPS, and rows that are not steps', () => {
    const steps = [
      step(1, 900, knobs('8192'), { error: 'the collector refused the change' }),
      step(2, 800, knobs('16384'), { rolledBack: true }),
      step(3, null, knobs('32768')),
      step(4, 700, knobs('65536'), { kind: 'verify' }),
      step(5, 100, knobs('131072')),
    ];
    expect(selectCandidates(steps, baseline, 3)).toEqual([{ fromIteration: 5, knobs: knobs('131072') }]);
  });

  it('leaves out the baseline configuration, whatever the order of its knobs', () => {
    const steps = [step(1, 500, [...baseline].reverse()), step(2, 100, knobs('8192'))];
    expect(selectCandidates(steps, baseline, 3).map((c) => c.fromIteration)).toEqual([2]);
  });

  it('keeps one candidate per configuration, ranked by the geometric mean of its runs, from its first step', () => {
    // 8192/1.1 measured twice (a re-measured step): sqrt(100 * 300) = 173 ranks below 200,
    // where its luckier run alone (300) would have put it first.
    const steps = [step(1, 100, knobs('8192', '1.1')), step(2, 300, knobs('8192', '1.1')), step(3, 200, knobs('8192', '2'))];
    expect(selectCandidates(steps, baseline, 3)).toEqual([
      { fromIteration: 3, knobs: knobs('8192', '2') },
      { fromIteration: 1, knobs: knobs('8192', '1.1') },
    ]);
    // Its first step names it whatever order the rows come in; a mean above the rest puts it first.
    const again = [step(4, 400, knobs('8192', '1.1')), step(3, 200, knobs('8192', '2')), step(2, 300, knobs('8192', '1.1'))];
    expect(selectCandidates(again, baseline, 1)).toEqual([{ fromIteration: 2, knobs: knobs('8192', '1.1') }]);
  });

  it('ignores a run of 0 TPS rather than letting its logarithm rank the configuration', () => {
    const steps = [step(1, 0, knobs('8192')), step(2, 100, knobs('16384'))];
    expect(selectCandidates(steps, baseline, 3)).toEqual([{ fromIteration: 2, knobs: knobs('16384') }]);
  });

  it('finds none when no step applied cleanly', () => {
    expect(selectCandidates([step(1, null, knobs('8192'), { error: 'benchmark failed' })], baseline, 3)).toEqual([]);
    expect(selectCandidates([], baseline, 3)).toEqual([]);
  });
});
