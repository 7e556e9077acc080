/**
 * An instance is alive while its last heartbeat (or registration) is at most this old, stale
 * after. Whatever serves the instance is expected to call Heartbeat every 30 s: three missed
 * beats make it stale. Stale is information for people and schedulers, not a removal.
 */
export const DEFAULT_STALE_AFTER_MS = 90_000;

export type InstanceStatus = 'alive' | 'stale';

/** 'alive' when `lastHeartbeat` is within `staleAfterMs` of `nowMs`; never beaten is stale. */
export function instanceStatus(lastHeartbeat: Date | null, nowMs: number, staleAfterMs = DEFAULT_STALE_AFTER_MS): InstanceStatus {
  if (lastHeartbeat === null) return 'stale';
  return nowMs - lastHeartbeat.getTime() <= staleAfterMs ? 'alive' : 'stale';
}
