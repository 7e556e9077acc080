import { AgentOptionError } from './agent-option-error';
import { BumpSurface } from './bump-surface';
import { PLATEAU_BASELINE_RANGE, PlateauSurface } from './plateau-surface';
import { SeededRandom } from './seeded-random';
import { SYNTHETIC_SHAPES, SyntheticShape, SyntheticSurface } from './synthetic-surface';

/**
 * A stand-in for a PostgreSQL server with a known answer, for tests and demos. Performance
 * is optimumPerformance times a surface's score, in (0, 1]: by default a smooth coupled
 * bump over all knobs (BumpSurface); the 'plateau' and 'cliff' shapes are flat in most
 * knobs, with a memory-like knob that plateaus or falls off a cliff (PlateauSurface). A
 * measurement is the true performance times (1 + noise * N(0, 1)).
 *
 * The state is what a collector would observe after a benchmark: the measured throughput
 * and `metrics - 1` rate-like metrics that depend smoothly on the applied knobs. The reward
 * is the measured improvement over the baseline (the default configuration, action 0), and
 * the score of an action is its true performance over the optimum's, in (0, 1].
 */
export interface SyntheticEnvironmentOptions {
  /** Number of knobs (action dimensions). @defaultValue 6 */
  knobs?: number;
  /** Length of the state vector (throughput plus other metrics). @defaultValue 4 */
  metrics?: number;
  /** Relative standard deviation of a measurement: 0.1 is 10%. @defaultValue 0 */
  noise?: number;
  /** The performance landscape; see SyntheticShape. @defaultValue 'bump' */
  shape?: SyntheticShape;
  /** 'bump' only: coupling between knobs in H, in [0, 1); 0 makes every knob independent. @defaultValue 0.5 */
  interaction?: number;
  /** 'bump' only: curvature of the most important knob over the least important one. @defaultValue 16 */
  importanceSpread?: number;
  /** 'bump' only: curvature of the median knob; larger makes the bump narrower and the search harder. @defaultValue 4 */
  sharpness?: number;
  /**
   * The baseline's score is drawn in this range (the optimum is placed accordingly), so the
   * default configuration is mediocre but not hopeless, as on a real server. 'plateau' and
   * 'cliff' need it within PLATEAU_BASELINE_RANGE.
   * @defaultValue [0.3, 0.6]
   */
  baselineScore?: [number, number];
  /** Throughput at the optimum, in transactions per second. @defaultValue 1000 */
  optimumPerformance?: number;
  /** Seeds the surface and the measurement noise. @defaultValue 1 */
  seed?: number;
}

export interface SyntheticStep {
  /** The metrics observed after applying the action: the next state. */
  state: Float32Array;
  /** (measured - baseline) / baseline. */
  reward: number;
  /** Measured throughput, noise included. */
  performance: number;
  /** True performance of the action over the optimum's, in (0, 1]: what a test asserts on. */
  score: number;
}

type ResolvedOptions = Required<SyntheticEnvironmentOptions>;

export class SyntheticEnvironment {
  readonly stateDim: number;
  readonly actionDim: number;
  /** The action of the optimum (hidden from agents; for tests and reports). */
  readonly optimum: Float32Array;
  readonly optimumPerformance: number;
  /** True performance of the baseline, action 0. */
  readonly baselinePerformance: number;
  private readonly options: ResolvedOptions;
  private readonly surface: SyntheticSurface;
  /** Weights and biases of the rate-like metrics: metric j = 100 * sigmoid(w_j . a + b_j). */
  private readonly metricWeights: Float64Array;
  private readonly metricBiases: Float64Array;
  private readonly measurement: SeededRandom;

  constructor(options: SyntheticEnvironmentOptions = {}) {
    this.options = resolve(options);
    const { knobs, metrics, seed } = this.options;
    this.stateDim = metrics;
    this.actionDim = knobs;
    this.optimumPerformance = this.options.optimumPerformance;
    const surface = new SeededRandom(seed);
    this.surface = buildSurface(this.options, surface);
    this.optimum = this.surface.optimum;
    this.baselinePerformance = this.performance(new Float32Array(knobs));
    this.metricWeights = Float64Array.from({ length: (metrics - 1) * knobs }, () => surface.normal());
    this.metricBiases = Float64Array.from({ length: metrics - 1 }, () => 0.5 * surface.normal());
    this.measurement = new SeededRandom(surface.deriveSeed());
  }

  /** The state observed under the baseline configuration, where every session starts. */
  reset(): Float32Array {
    return this.observe(new Float32Array(this.actionDim), this.measure(this.baselinePerformance));
  }

  /** Applies the action (clamped to the box), benchmarks, and observes. */
  step(action: Float32Array): SyntheticStep {
    if (action.length !== this.actionDim) throw new AgentOptionError('action', `expected ${this.actionDim} values, got ${action.length}`);
    const applied = action.map((v) => Math.max(-1, Math.min(1, v)));
    const truth = this.performance(applied);
    const measured = this.measure(truth);
    return {
      state: this.observe(applied, measured),
      reward: (measured - this.baselinePerformance) / this.baselinePerformance,
      performance: measured,
      score: truth / this.optimumPerformance,
    };
  }

  /** True (noiseless) throughput of an action. */
  performance(action: ArrayLike<number>): number {
    return this.optimumPerformance * this.surface.score(action);
  }

  /** True performance over the optimum's, in (0, 1]. */
  score(action: ArrayLike<number>): number {
    return this.performance(action) / this.optimumPerformance;
  }

  private measure(truth: number): number {
    // Clamped so that a wild draw at high noise cannot report negative throughput.
    return truth * Math.max(0.05, 1 + this.options.noise * this.measurement.normal());
  }

  private observe(action: ArrayLike<number>, measuredPerformance: number): Float32Array {
    const { knobs, metrics, noise } = this.options;
    const state = new Float32Array(metrics);
    state[0] = measuredPerformance;
    for (let j = 1; j < metrics; j++) {
      let z = this.metricBiases[j - 1];
      for (let i = 0; i < knobs; i++) z += this.metricWeights[(j - 1) * knobs + i] * action[i];
      // Metrics are measured over the same noisy benchmark: half the throughput's relative noise.
      state[j] = (100 / (1 + Math.exp(-z))) * (1 + 0.5 * noise * this.measurement.normal());
    }
    return state;
  }
}

function resolve(options: SyntheticEnvironmentOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    knobs: options.knobs ?? 6,
    metrics: options.metrics ?? 4,
    noise: options.noise ?? 0,
    shape: options.shape ?? 'bump',
    interaction: options.interaction ?? 0.5,
    importanceSpread: options.importanceSpread ?? 16,
    sharpness: options.sharpness ?? 4,
    baselineScore: options.baselineScore ?? [0.3, 0.6],
    optimumPerformance: options.optimumPerformance ?? 1000,
    seed: options.seed ?? 1,
  };
  if (!Number.isInteger(o.knobs) || o.knobs < 1) throw new AgentOptionError('knobs', `must be a positive integer, got ${o.knobs}`);
  if (!Number.isInteger(o.metrics) || o.metrics < 1) throw new AgentOptionError('metrics', `must be a positive integer, got ${o.metrics}`);
  if (!(o.noise >= 0 && o.noise < 1)) throw new AgentOptionError('noise', `must be in [0, 1), got ${o.noise}`);
  if (!SYNTHETIC_SHAPES.includes(o.shape)) throw new AgentOptionError('shape', `must be one of ${SYNTHETIC_SHAPES.join(', ')}, got ${String(o.shape)}`);
  if (!(o.interaction >= 0 && o.interaction < 1)) throw new AgentOptionError('interaction', `must be in [0, 1), got ${o.interaction}`);
  if (!(o.importanceSpread >= 1)) throw new AgentOptionError('importanceSpread', `must be >= 1, got ${o.importanceSpread}`);
  if (!(o.sharpness > 0)) throw new AgentOptionError('sharpness', `must be > 0, got ${o.sharpness}`);
  const [low, high] = o.baselineScore;
  if (!(low > 0 && low <= high && high < 1)) throw new AgentOptionError('baselineScore', `must be [low, high] with 0 < low <= high < 1, got [${low}, ${high}]`);
  const [lowest, highest] = PLATEAU_BASELINE_RANGE;
  if (o.shape !== 'bump' && !(low >= lowest && high <= highest)) {
    throw new AgentOptionError('baselineScore', `must lie within [${lowest}, ${highest}] for the ${o.shape} shape, got [${low}, ${high}]`);
  }
  if (!(o.optimumPerformance > 0)) throw new AgentOptionError('optimumPerformance', `must be > 0, got ${o.optimumPerformance}`);
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new AgentOptionError('seed', `must be a non-negative integer, got ${o.seed}`);
  return o;
}

function buildSurface(o: ResolvedOptions, random: SeededRandom): SyntheticSurface {
  if (o.shape === 'bump') return new BumpSurface(o, random);
  return new PlateauSurface({ knobs: o.knobs, cliff: o.shape === 'cliff', baselineScore: o.baselineScore }, random);
}
