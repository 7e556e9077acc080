import { AgentOptionError } from './agent-option-error';
import { SeededRandom } from './seeded-random';

/**
 * A stand-in for a PostgreSQL server with a known answer, for tests and demos. Performance
 * is a smooth bump over the knob box, peaked at a hidden optimum:
 *
 *   performance(a) = optimumPerformance * exp(-0.5 * (a - a*)' H (a - a*))
 *
 * H gives each knob its own importance (curvatures spread over `importanceSpread`, as in
 * real tuning a few knobs matter much more than the rest) and couples all knobs through
 * `interaction` (moving one knob moves the best value of the others). A measurement is the
 * true performance times (1 + noise * N(0, 1)).
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
  /** Coupling between knobs in H, in [0, 1): 0 makes every knob independent. @defaultValue 0.5 */
  interaction?: number;
  /** Curvature of the most important knob over the least important one. @defaultValue 16 */
  importanceSpread?: number;
  /** Curvature of the median knob: larger makes the bump narrower and the search harder. @defaultValue 4 */
  sharpness?: number;
  /**
   * The baseline's score is drawn in this range (the optimum is placed accordingly), so the
   * default configuration is mediocre but not hopeless, as on a real server.
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
  private readonly hessian: Float64Array;
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
    this.hessian = buildHessian(knobs, this.options, surface);
    this.optimum = placeOptimum(knobs, this.hessian, this.options.baselineScore, surface);
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
    return this.optimumPerformance * Math.exp(-0.5 * quadraticForm(this.hessian, action, this.optimum));
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
  if (!(o.interaction >= 0 && o.interaction < 1)) throw new AgentOptionError('interaction', `must be in [0, 1), got ${o.interaction}`);
  if (!(o.importanceSpread >= 1)) throw new AgentOptionError('importanceSpread', `must be >= 1, got ${o.importanceSpread}`);
  if (!(o.sharpness > 0)) throw new AgentOptionError('sharpness', `must be > 0, got ${o.sharpness}`);
  const [low, high] = o.baselineScore;
  if (!(low > 0 && low <= high && high < 1)) throw new AgentOptionError('baselineScore', `must be [low, high] with 0 < low <= high < 1, got [${low}, ${high}]`);
  if (!(o.optimumPerformance > 0)) throw new AgentOptionError('optimumPerformance', `must be > 0, got ${o.optimumPerformance}`);
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new AgentOptionError('seed', `must be a non-negative integer, got ${o.seed}`);
  return o;
}

/**
 * H = S C S: S scales knob i by sqrt(curvature_i), curvatures log-spaced over
 * importanceSpread around sharpness and shuffled over the knobs; C = (1 - rho) I + rho u u'
 * with random signs u is positive definite for rho in [0, 1) and couples every pair of knobs.
 */
function buildHessian(n: number, o: ResolvedOptions, random: SeededRandom): Float64Array {
  const curvatures = Array.from({ length: n }, (_, i) => o.sharpness * o.importanceSpread ** (n === 1 ? 0 : i / (n - 1) - 0.5));
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [curvatures[i], curvatures[j]] = [curvatures[j], curvatures[i]];
  }
  const signs = Array.from({ length: n }, () => (random.next() < 0.5 ? -1 : 1));
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = (i === j ? 1 - o.interaction : 0) + o.interaction * signs[i] * signs[j];
      h[i * n + j] = Math.sqrt(curvatures[i] * curvatures[j]) * c;
    }
  }
  return h;
}

/**
 * A random direction from the centre, at the distance that gives the baseline (action 0) a
 * score drawn in [low, high]; redrawn until the optimum lies inside [-0.8, 0.8]^n, away
 * from the walls of the box, so that reaching it takes more than saturating the actor.
 */
function placeOptimum(n: number, h: Float64Array, [low, high]: [number, number], random: SeededRandom): Float32Array {
  const origin = new Float64Array(n);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const direction = Float64Array.from({ length: n }, () => random.normal());
    const target = random.uniform(low, high);
    // score(0) = exp(-0.5 t^2 d'Hd) = target  =>  t = sqrt(-2 ln target / d'Hd)
    const t = Math.sqrt((-2 * Math.log(target)) / quadraticForm(h, direction, origin));
    const optimum = Float32Array.from(direction, (d) => t * d);
    if (optimum.every((v) => Math.abs(v) <= 0.8)) return optimum;
  }
  throw new AgentOptionError('sharpness', 'the surface is too flat to place the optimum inside the box at that baseline score');
}

/** (a - c)' H (a - c). */
function quadraticForm(h: Float64Array, a: ArrayLike<number>, c: ArrayLike<number>): number {
  const n = c.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) sum += (a[i] - c[i]) * h[i * n + j] * (a[j] - c[j]);
  }
  return sum;
}
