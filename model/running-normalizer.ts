/**
 * Running mean and variance of the state vector (Welford's algorithm, in float64), used to
 * feed the networks inputs of unit scale whatever the metrics' units (transactions per
 * second next to hit ratios). Normalized values are clipped so that one outlying
 * measurement cannot saturate the networks. Its statistics are saved with the model: a
 * restored agent must see states exactly as the saved one did.
 */
export interface NormalizerState {
  count: number;
  mean: number[];
  m2: number[];
}

export class RunningNormalizer {
  private count = 0;
  private mean: Float64Array;
  private m2: Float64Array;

  /**
   * @param dim - length of the vectors
   * @param clip - normalized values are clipped to [-clip, clip]
   * @param epsilon - added to the variance so that a constant feature maps to 0, not NaN
   */
  constructor(
    readonly dim: number,
    private readonly clip: number,
    private readonly epsilon = 1e-8,
  ) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dim);
  }

  /** Adds one observation to the statistics. */
  update(x: ArrayLike<number>): void {
    this.checkLength(x);
    this.count += 1;
    for (let i = 0; i < this.dim; i++) {
      const delta = x[i] - this.mean[i];
      this.mean[i] += delta / this.count;
      this.m2[i] += delta * (x[i] - this.mean[i]);
    }
  }

  /** (x - mean) / std, clipped; the identity before the first update. */
  normalize(x: ArrayLike<number>): Float32Array {
    this.checkLength(x);
    const out = new Float32Array(this.dim);
    if (this.count === 0) {
      out.set(x);
      return out;
    }
    for (let i = 0; i < this.dim; i++) {
      const std = Math.sqrt(this.m2[i] / this.count + this.epsilon);
      const z = (x[i] - this.mean[i]) / std;
      out[i] = Math.max(-this.clip, Math.min(this.clip, z));
    }
    return out;
  }

  /** Normalizes `rows` vectors laid out row-major (a minibatch), returning a new array. */
  normalizeRows(rows: Float32Array): Float32Array {
    const out = new Float32Array(rows.length);
    for (let offset = 0; offset < rows.length; offset += this.dim) {
      out.set(this.normalize(rows.subarray(offset, offset + this.dim)), offset);
    }
    return out;
  }

  getState(): NormalizerState {
    return { count: this.count, mean: Array.from(this.mean), m2: Array.from(this.m2) };
  }

  setState(state: NormalizerState): void {
    if (state.mean.length !== this.dim || state.m2.length !== this.dim) {
      throw new Error(`normalizer state has ${state.mean.length} dimensions, expected ${this.dim}`);
    }
    this.count = state.count;
    this.mean = Float64Array.from(state.mean);
    this.m2 = Float64Array.from(state.m2);
  }

  private checkLength(x: ArrayLike<number>): void {
    if (x.length !== this.dim) throw new RangeError(`expected a vector of ${this.dim} values, got ${x.length}`);
  }
}
