/**
 * A small seedable pseudo-random generator (sfc32, seeded through splitmix32). Everything
 * random in model/ draws from one of these so that a seed reproduces a run exactly, and its
 * state is four integers so that checkpoints can carry it.
 */
export type RandomState = [number, number, number, number];

export class SeededRandom {
  private s: Uint32Array;

  constructor(seed: number) {
    this.s = new Uint32Array(4);
    // splitmix32 spreads a small or sequential seed over all 128 bits of state, so that
    // seeds 1, 2, 3 give unrelated streams.
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    // sfc32's first outputs are correlated with the seed: discard a few.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const t = (((s[0] + s[1]) >>> 0) + s[3]) >>> 0;
    s[3] = (s[3] + 1) >>> 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) >>> 0;
    s[2] = ((s[2] << 21) | (s[2] >>> 11)) >>> 0;
    s[2] = (s[2] + t) >>> 0;
    return t;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform number in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal sample (Box-Muller; the second value is dropped to keep the state four integers). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A seed for another generator or a tfjs initializer, drawn from this stream. */
  deriveSeed(): number {
    return this.nextUint32();
  }

  getState(): RandomState {
    return [this.s[0], this.s[1], this.s[2], this.s[3]];
  }

  setState(state: RandomState): void {
    if (!Array.isArray(state) || state.length !== 4) throw new Error('random state must be four integers');
    this.s.set(state.map((v) => v >>> 0));
  }
}
