import { SeededRandom } from './seeded-random';
import { SyntheticSurface } from './synthetic-surface';

/** The memory knob's score at the bottom of the box: a server starved of memory. */
const MEMORY_FLOOR = 0.1;
/** Width, in action units, of the memory knob's rise from its floor to the plateau. */
const RISE_WIDTH = 0.8;
/** Width of the plateau before the cliff, drawn in this range ('cliff' only). */
const PLATEAU_WIDTH: [number, number] = [0.15, 0.35];
/** On 'cliff' the plateau still climbs this much up to its edge: more memory helps until it does not fit. */
const PLATEAU_CLIMB = 0.05;
/** Score factor past the cliff: a server swapping, or refusing to start. */
const CLIFF_SCORE = 0.05;
/** The second knob's score far from its best value. */
const BUMP_FLOOR = 0.2;
/** Standard deviation, in action units, of the second knob's bump. */
const BUMP_WIDTH = 0.3;
/** At most this loss per flat knob at the far end of the box: an effect that hides in the noise. */
const FLAT_EFFECT = 0.03;
/** The baseline's score is split between the two knobs that matter as score^0.6 (memory) and score^0.4. */
const MEMORY_SHARE = 0.6;

/**
 * Baseline scores these shapes can be built for: lower, the rise (and the cliff after it)
 * would have to start past the top of the box; higher, the baseline would sit on the plateau.
 */
export const PLATEAU_BASELINE_RANGE: [number, number] = [0.1, 0.85];

export interface PlateauSurfaceOptions {
  knobs: number;
  /** 'cliff' ends the plateau at a cliff and puts the optimum on its edge. */
  cliff: boolean;
  /** The baseline (action 0) scores a value drawn in this range, within PLATEAU_BASELINE_RANGE. */
  baselineScore: [number, number];
}

/**
 * What a real server looks like more often than a bump: most knobs barely matter and one
 * or two decide. The score is a product over knobs, their roles shuffled over the indices:
 *
 * - one memory-like knob (shared_buffers, work_mem): MEMORY_FLOOR at the bottom of the box,
 *   a smooth rise over RISE_WIDTH, then a plateau. Without a cliff the plateau scores 1 up
 *   to the top of the box and the optimum is its start, the least memory that scores 1.
 *   With a cliff the plateau climbs by PLATEAU_CLIMB up to an edge and past it scores
 *   CLIFF_SCORE: the optimum is the edge, one step short of disaster.
 * - one knob with a narrow best value (random_page_cost, a checkpoint interval): a Gaussian
 *   bump of width BUMP_WIDTH over BUMP_FLOOR.
 * - every other knob: flat to within FLAT_EFFECT.
 *
 * The baseline (action 0) sits on the memory knob's rise and off the bump, at a score drawn
 * in `baselineScore`, so the default configuration is mediocre, as on a real server.
 */
export class PlateauSurface implements SyntheticSurface {
  readonly optimum: Float32Array;
  private readonly memoryKnob: number;
  private readonly bumpKnob: number | undefined;
  private readonly riseStart: number;
  private readonly plateauStart: number;
  /** Where the cliff begins; Infinity without one. */
  private readonly cliffAt: number;
  private readonly plateauLow: number;
  private readonly bumpCentre: number;
  /** Best value of each flat knob (NaN for the two that matter). */
  private readonly flatCentres: Float64Array;

  constructor(options: PlateauSurfaceOptions, random: SeededRandom) {
    const n = options.knobs;
    const roles = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [roles[i], roles[j]] = [roles[j], roles[i]];
    }
    this.memoryKnob = roles[0];
    this.bumpKnob = n > 1 ? roles[1] : undefined;
    this.flatCentres = Float64Array.from({ length: n }, (_, i) => (i === this.memoryKnob || i === this.bumpKnob ? NaN : Math.fround(random.uniform(-0.8, 0.8))));

    const baseline = random.uniform(...options.baselineScore);
    const bumpAtBaseline = this.bumpKnob === undefined ? 1 : baseline ** (1 - MEMORY_SHARE);
    // The bump's centre at the distance that gives action 0 that score, on a random side.
    const g = (bumpAtBaseline - BUMP_FLOOR) / (1 - BUMP_FLOOR);
    this.bumpCentre = Math.fround((random.next() < 0.5 ? -1 : 1) * BUMP_WIDTH * Math.sqrt(-2 * Math.log(Math.min(1, g))));

    this.plateauLow = options.cliff ? 1 - PLATEAU_CLIMB : 1;
    const memoryAtBaseline = baseline / bumpAtBaseline / this.flatScore(new Float64Array(n));
    // Place the rise so that action 0 is where the memory knob scores memoryAtBaseline.
    const u = inverseSmoothstep((memoryAtBaseline - MEMORY_FLOOR) / (this.plateauLow - MEMORY_FLOOR));
    this.riseStart = -u * RISE_WIDTH;
    // Rounded to float32, the agents' precision, so that the optimum action scores exactly
    // 1 and does not land a rounding error past the edge of the cliff.
    this.plateauStart = Math.fround(this.riseStart + RISE_WIDTH);
    this.cliffAt = options.cliff ? Math.fround(this.plateauStart + random.uniform(...PLATEAU_WIDTH)) : Infinity;

    this.optimum = Float32Array.from({ length: n }, (_, i) => {
      if (i === this.memoryKnob) return options.cliff ? this.cliffAt : this.plateauStart;
      if (i === this.bumpKnob) return this.bumpCentre;
      return this.flatCentres[i];
    });
  }

  score(action: ArrayLike<number>): number {
    const bump = this.bumpKnob === undefined ? 1 : BUMP_FLOOR + (1 - BUMP_FLOOR) * Math.exp(-0.5 * ((action[this.bumpKnob] - this.bumpCentre) / BUMP_WIDTH) ** 2);
    return this.memoryScore(action[this.memoryKnob]) * bump * this.flatScore(action);
  }

  private memoryScore(x: number): number {
    if (x > this.cliffAt) return CLIFF_SCORE;
    if (x >= this.plateauStart) {
      return this.cliffAt === Infinity ? 1 : this.plateauLow + PLATEAU_CLIMB * ((x - this.plateauStart) / (this.cliffAt - this.plateauStart));
    }
    return MEMORY_FLOOR + (this.plateauLow - MEMORY_FLOOR) * smoothstep((x - this.riseStart) / RISE_WIDTH);
  }

  private flatScore(action: ArrayLike<number>): number {
    let product = 1;
    this.flatCentres.forEach((centre, i) => {
      if (!Number.isNaN(centre)) product *= 1 - FLAT_EFFECT * ((action[i] - centre) / 2) ** 2;
    });
    return product;
  }
}

/** 3u^2 - 2u^3 on [0, 1], 0 below and 1 above: a rise with zero slope at both ends. */
function smoothstep(u: number): number {
  const c = Math.max(0, Math.min(1, u));
  return c * c * (3 - 2 * c);
}

/** The u in [0, 1] with smoothstep(u) = y, for y in [0, 1]. */
function inverseSmoothstep(y: number): number {
  return 0.5 - Math.sin(Math.asin(1 - 2 * y) / 3);
}
