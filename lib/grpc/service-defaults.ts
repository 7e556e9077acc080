/**
 * Where the services listen unless told otherwise, in this one place: the start functions
 * apply these, and `serve`'s help and its trainer's default Environment address print them.
 */

/** One fixed port per service, so all of them run side by side on one host (docker-compose.yml uses the same). */
export const DEFAULT_SERVICE_PORTS = Object.freeze({
  discovery: 7001,
  collector: 7002,
  recommendation: 7003,
  environment: 7004,
});

/** Loopback: exposing a service beyond this host is a deliberate choice (`--listen`). */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';

/**
 * A collector started with `--register` heartbeats its instance to Discovery; an instance
 * whose beats stop is reported `unavailable` (never removed). The one place for these numbers:
 * the collector's registration loop, Discovery's status, `serve --heartbeat-interval /
 * --unavailable-after` and the `instances` help read them.
 */
export const INSTANCE_HEARTBEAT = Object.freeze({
  /** A registered collector beats this often. */
  intervalMs: 30_000,
  /** Three missed beats: a slow store or a GC pause is not an outage. */
  unavailableAfterMs: 90_000,
  /** --heartbeat-interval and --unavailable-after, in seconds: a beat per second at most, an hour at least. */
  flagRangeS: Object.freeze({ min: 1, max: 3_600 }),
  /** A registration (or beat) that failed is retried after 1 s, doubling up to 30 s. */
  retryFirstMs: 1_000,
  retryMaxMs: 30_000,
});

/**
 * Deadlines of the calls to a collector (lib/grpc/clients/collector-client.ts): quick reads,
 * and calls whose length depends on the server (ApplyKnobs and ResetKnobs with a restart
 * and its rollback, pgbench).
 */
export const COLLECTOR_CALL_TIMEOUTS = Object.freeze({
  readMs: 30_000,
  changeMs: 15 * 60_000,
});

/**
 * A configuration change the API makes to an instance (ApproveRecommendation,
 * RollbackInstance) holds the instance against new sessions and other changes while it runs,
 * and so does a continuous session's watch (lib/store/instance-change-repository.ts,
 * services/trainer/watch-hold.ts). A change's calls are GetKnobs, ApplyKnobs and KeepKnobs:
 * a hold older than their deadlines and a minute more belongs to a process that died in
 * the change, and no longer holds. A watch lasts watch_runs benchmark runs, which can be
 * longer than that, so it renews its hold on a timer, well within the lapse.
 */
export const CONFIGURATION_CHANGE_HOLD = Object.freeze({
  staleAfterMs: 2 * COLLECTOR_CALL_TIMEOUTS.readMs + COLLECTOR_CALL_TIMEOUTS.changeMs + 60_000,
  /** A watch renews its hold this often: four renewals may fail (a store restarting) before it lapses. */
  renewEveryMs: (2 * COLLECTOR_CALL_TIMEOUTS.readMs + COLLECTOR_CALL_TIMEOUTS.changeMs + 60_000) / 5,
  /** A watch that finds an approval or a rollback in progress tries again this much later: such a change takes seconds. */
  watchRetryMs: 5_000,
});

/**
 * `serve all` runs a collector, in a process of its own, for every instance registered by
 * target (cli/stack/target-collectors.ts). Its timings, in this one place.
 */
export const TARGET_COLLECTORS = Object.freeze({
  /** How often Discovery's list is read: a newly registered target gets its collector within this. */
  pollMs: 2_000,
  /** A collector not serving this long after its start (it connects to the server, checks it) is stopped and started again later. */
  readyTimeoutMs: 120_000,
  /**
   * SIGTERM, then this long before SIGKILL: the change in flight may run its full deadline,
   * then putting the original back (a restart again) may run as long. Discovery refuses to
   * stop a collector a session or a change holds (lib/store/instance-busy.ts); this is for
   * `serve all` stopping mid-change, where a SIGKILL would leave a configuration nobody chose.
   */
  stopGraceMs: 2 * COLLECTOR_CALL_TIMEOUTS.changeMs,
  /** While a started collector is not yet serving: one health check may take this long, then this pause. */
  readyCheckMs: 1_000,
  readyPollMs: 250,
  /** How much of a collector's stderr is kept for its last line (why it exited), in characters. */
  logTailChars: 4_096,
  /** GetServerInfo of a collector someone else announced: a live one answers well within this; a slower answer with a fresh heartbeat still holds the target (collector-holds-target.ts). */
  elsewhereCheckMs: 2_000,
  /** A collector that failed to start (server down, port taken) is tried again after 2 s, doubling up to 60 s. */
  retryFirstMs: 2_000,
  retryMaxMs: 60_000,
});
