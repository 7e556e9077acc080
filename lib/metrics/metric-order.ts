/**
 * The one order of metrics: by name, compared by code unit (not locale), so that a state
 * vector built from a snapshot or its rates has the same layout on every machine.
 */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
