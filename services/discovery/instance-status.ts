import { INSTANCE_HEARTBEAT } from '../../lib/grpc/service-defaults';

/**
 * `alive` while the instance's last heartbeat (or registration) is at most `unavailableAfterMs`
 * old, `unavailable` after: its collector stopped beating (killed, host down, cut off). It is
 * information for people and schedulers, not a removal; the next beat makes it alive again.
 */
export type InstanceStatus = 'alive' | 'unavailable';

/** 'alive' when `lastHeartbeat` is within `unavailableAfterMs` of `nowMs`; never beaten is unavailable. */
export function instanceStatus(lastHeartbeat: Date | null, nowMs: number, unavailableAfterMs: number = INSTANCE_HEARTBEAT.unavailableAfterMs): InstanceStatus {
  if (lastHeartbeat === null) return 'unavailable';
  return nowMs - lastHeartbeat.getTime() <= unavailableAfterMs ? 'alive' : 'unavailable';
}
