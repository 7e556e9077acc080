// Original file: proto/autotune/v1/recommendation.proto

import type { BenchmarkSpec as _autotune_v1_BenchmarkSpec, BenchmarkSpec__Output as _autotune_v1_BenchmarkSpec__Output } from '../../autotune/v1/BenchmarkSpec';
import type { KnobSetting as _autotune_v1_KnobSetting, KnobSetting__Output as _autotune_v1_KnobSetting__Output } from '../../autotune/v1/KnobSetting';

export interface SessionOptions {
  'iterations'?: (number);
  'benchmark'?: (_autotune_v1_BenchmarkSpec | null);
  'knobs'?: (string)[];
  'agent'?: (string);
  'verifyRepeats'?: (number);
  'applyBest'?: (boolean);
  'seed'?: (number);
  'checkpointEvery'?: (number);
  'baselineEvery'?: (number);
  'rewardTpsWeight'?: (number | string);
  'rewardLatencyWeight'?: (number | string);
  'allowDurabilityRisk'?: (boolean);
  'allowRestart'?: (boolean);
  'minGain'?: (number | string);
  'verifyBudgetS'?: (number);
  'warmStart'?: (string);
  'rulesWorkload'?: (string);
  'rulesStorage'?: (string);
  'startKnobs'?: (_autotune_v1_KnobSetting)[];
  'ablationRounds'?: (number);
  'remeasureTop'?: (number);
  'requireApproval'?: (boolean);
  'continuous'?: (boolean);
  'watchIntervalS'?: (number);
  'watchRuns'?: (number);
  'driftThreshold'?: (number | string);
  'maxRounds'?: (number);
  'mixThreshold'?: (number | string);
  '_ablationRounds'?: "ablationRounds";
  '_remeasureTop'?: "remeasureTop";
}

export interface SessionOptions__Output {
  'iterations': (number);
  'benchmark': (_autotune_v1_BenchmarkSpec__Output | null);
  'knobs': (string)[];
  'agent': (string);
  'verifyRepeats': (number);
  'applyBest': (boolean);
  'seed': (number);
  'checkpointEvery': (number);
  'baselineEvery': (number);
  'rewardTpsWeight': (number);
  'rewardLatencyWeight': (number);
  'allowDurabilityRisk': (boolean);
  'allowRestart': (boolean);
  'minGain': (number);
  'verifyBudgetS': (number);
  'warmStart': (string);
  'rulesWorkload': (string);
  'rulesStorage': (string);
  'startKnobs': (_autotune_v1_KnobSetting__Output)[];
  'ablationRounds'?: (number);
  'remeasureTop'?: (number);
  'requireApproval': (boolean);
  'continuous': (boolean);
  'watchIntervalS': (number);
  'watchRuns': (number);
  'driftThreshold': (number);
  'maxRounds': (number);
  'mixThreshold': (number);
  '_ablationRounds'?: "ablationRounds";
  '_remeasureTop'?: "remeasureTop";
}
