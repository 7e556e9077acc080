/**
 * Where a continuous session's watch keeps its decisions: in the `metrics` of the watch's last
 * `watch` run row, beside `run`. The trainer's watch loop writes them (the drift test's
 * DriftDecision and the query mix's decision); the trainer's query-mix memory, the
 * Recommendation service's progress events and its Session.last_watch read them back.
 */
export const WATCH_DECISION_METRICS = Object.freeze({
  /** The drift test's decision: its presence marks the row that closes a complete watch. */
  drift: 'drift',
  /** The query mix's decision, with `next`, the reading the next watch counts from. */
  queryMix: 'queryMix',
});
