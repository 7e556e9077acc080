/**
 * Runs async critical sections one at a time. The collector changes one server: two
 * concurrent ApplyKnobs (or an apply during a benchmark) would measure or roll back each
 * other's configuration.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
