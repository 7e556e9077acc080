import { AgentOptionError } from './agent-option-error';
import { SeededRandom } from './seeded-random';
import { SyntheticSurface } from './synthetic-surface';

export interface BumpSurfaceOptions {
  knobs: number;
  /** Coupling between knobs in H, in [0, 1). */
  interaction: number;
  /** Curvature of the most important knob over the least important one. */
  importanceSpread: number;
  /** Curvature of the median knob. */
  sharpness: number;
  /** The baseline (action 0) scores a value drawn in this range. */
  baselineScore: [number, number];
}

/**
 * A smooth bump over the knob box, peaked at a hidden optimum:
 *
 *   score(a) = exp(-0.5 * (a - a*)' H (a - a*))
 *
 * H gives each knob its own importance (curvatures spread over `importanceSpread`, as in
 * real tuning a few knobs matter much more than the rest) and couples all knobs through
 * `interaction` (moving one knob moves the best value of the others).
 */
export class BumpSurface implements SyntheticSurface {
  readonly optimum: Float32Array;
  private readonly hessian: Float64Array;

  constructor(options: BumpSurfaceOptions, random: SeededRandom) {
    this.hessian = buildHessian(options, random);
    this.optimum = placeOptimum(options.knobs, this.hessian, options.baselineScore, random);
  }

  score(action: ArrayLike<number>): number {
    return Math.exp(-0.5 * quadraticForm(this.hessian, action, this.optimum));
  }
}

/**
 * H = S C S: S scales knob i by sqrt(curvature_i), curvatures log-spaced over
 * importanceSpread around sharpness and shuffled over the knobs; C = (1 - rho) I + rho u u'
 * with random signs u is positive definite for rho in [0, 1) and couples every pair of knobs.
 */
function buildHessian(o: BumpSurfaceOptions, random: SeededRandom): Float64Array {
  const n = o.knobs;
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
