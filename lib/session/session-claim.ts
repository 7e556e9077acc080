/**
 * How long a trainer's claim on a session lasts without a heartbeat, and how often a paused
 * session's collector is asked whether it is back: the one place for these numbers. The
 * store's claim (SessionRepository.claimNext), the trainer's heartbeat and resume of paused
 * sessions, and `serve trainer --stale-after` read them.
 */
export const SESSION_CLAIM = Object.freeze({
  /** A trainer running a session heartbeats this often. */
  heartbeatMs: 10_000,
  /** Shared trainers (`serve trainer`): twelve missed heartbeats, so a slow store or a long pause does not hand a live run to another trainer. */
  staleAfterMs: 120_000,
  /**
   * `tune`'s own trainer, the only one on its sessions: three missed heartbeats mark a dead
   * run's claim as abandoned, so `tune --resume` after a crash need not wait the 120 s.
   */
  soleTrainerStaleAfterMs: 30_000,
  /** --stale-after in seconds: a second is the least that is not a race with the heartbeat, a day without one is past any run. */
  staleAfterS: Object.freeze({ min: 1, max: 86_400 }),
  /**
   * A session paused because its collector could not be reached: a trainer asks that collector's
   * health check this long after it first sees the session paused (as often as it polls for
   * sessions) and resumes the session once it answers SERVING. Each check that finds it still
   * down doubles the wait, up to pausedRetryMaxMs (services/trainer/paused-retry-schedule.ts):
   * a target down for a day costs a check a minute, not one every 2 s, and a collector back
   * within a few seconds is still found within a few seconds.
   */
  pausedRetryMs: 2_000,
  /** The longest wait between two checks of a paused session's collector: how late a long outage's end may be noticed. */
  pausedRetryMaxMs: 60_000,
  /** How long one such health check may take: a collector slower than this is not back yet. */
  pausedHealthTimeoutMs: 2_000,
});
