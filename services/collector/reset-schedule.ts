/**
 * When the bench data is re-created from its template: before the first run a collector
 * serves with resets on (so a session starts from the template, not from whatever the last
 * one left), then before every `every`-th run after the last reset. Only every = 1 gives
 * every run the same starting data; with every > 1 the runs after a reset see more bloat
 * than the one right after it, which a paired comparison charges to whichever ran later.
 */
export class ResetSchedule {
  private runsSinceReset: number | undefined;

  /** Whether the run about to start should reset first; counts the run. */
  next(every: number): boolean {
    const due = this.runsSinceReset === undefined || this.runsSinceReset >= every;
    this.runsSinceReset = (due ? 0 : this.runsSinceReset!) + 1;
    return due;
  }

  /** A reset that failed or was skipped did not happen: the next run asks again. */
  forget(): void {
    this.runsSinceReset = undefined;
  }
}
