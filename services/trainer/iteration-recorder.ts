import type { StepOutcome__Output as StepOutcome } from '../../proto/generated/autotune/v1/StepOutcome';
import type { IterationKind, IterationRecord } from '../../lib/store/iteration-repository';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { iterationRow } from './iteration-row';

/**
 * Writes a session's runs to the store, one row each, numbered on per kind across rounds and
 * resumes, each carrying its round.
 */
export class IterationRecorder {
  /** The tuning round the rows being written belong to: 1, then one more for each drift. */
  round = 1;
  /** Rows stored so far per kind: the next row's n. */
  private readonly counts = new Map<IterationKind, number>();

  constructor(
    private readonly store: MetadataStore,
    private readonly sessionId: string,
  ) {}

  /** Takes in the rows stored before (a resume's): the next of each kind is numbered after them. */
  countStored(iterations: IterationRecord[]): void {
    for (const row of iterations) this.counts.set(row.kind, Math.max(this.counts.get(row.kind) ?? 0, row.n));
  }

  /** How many rows of this kind are stored: the n of the last one, 0 for none. */
  stored(kind: IterationKind): number {
    return this.counts.get(kind) ?? 0;
  }

  /** Stores a run before anything else happens: a crash after this loses nothing. */
  async record(
    kind: IterationKind,
    outcome: StepOutcome,
    extra: { reward?: number; action?: number[]; metrics?: Record<string, unknown> } = {},
  ): Promise<void> {
    const n = this.stored(kind) + 1;
    await this.store.iterations.insert({ ...iterationRow(this.sessionId, kind, n, outcome, extra), round: this.round });
    this.counts.set(kind, n);
  }
}
