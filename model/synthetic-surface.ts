/**
 * The true performance landscape of a SyntheticEnvironment, relative to its optimum: what
 * the environment measures (with noise) and what tests score an action by (without).
 */
export interface SyntheticSurface {
  /** An action scoring 1 (hidden from agents; for tests and reports). */
  readonly optimum: Float32Array;
  /** True performance of an action in [-1, 1]^n over the optimum's, in (0, 1]. */
  score(action: ArrayLike<number>): number;
}

/**
 * - 'bump': every knob matters, coupled, around one hidden optimum (see BumpSurface).
 * - 'plateau': one memory-like knob rises to a plateau, one knob has a narrow best value,
 *   the rest are flat (see PlateauSurface).
 * - 'cliff': as 'plateau', but the best memory setting is the edge of a cliff: past it the
 *   server scores almost nothing, like memory past what the host has.
 */
export type SyntheticShape = 'bump' | 'plateau' | 'cliff';

export const SYNTHETIC_SHAPES: readonly SyntheticShape[] = ['bump', 'plateau', 'cliff'];
