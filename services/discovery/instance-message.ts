import type { Instance } from '../../proto/generated/autotune/v1/Instance';
import type { InstanceRecord } from '../../lib/store/instance-repository';
import type { InstanceSettings } from '../../lib/session/instance-settings';
import { instanceStatus } from './instance-status';

/** A stored instance as the Instance message, with its status as of `nowMs`. Unknown numbers are 0. */
export function toInstanceMessage(record: InstanceRecord, nowMs: number, unavailableAfterMs: number): Instance {
  return {
    id: record.id,
    name: record.name,
    collectorAddress: record.collectorAddress,
    serverVersion: record.serverVersion ?? '',
    hostMemoryBytes: record.hostMemoryBytes ?? 0,
    hostCpus: record.hostCpus ?? 0,
    registeredAtMs: record.registeredAt.getTime(),
    lastHeartbeatMs: record.lastHeartbeatAt?.getTime() ?? 0,
    status: instanceStatus(record.lastHeartbeatAt, nowMs, unavailableAfterMs),
    ...settingsMessage(record.settings),
    target: record.registered?.target ?? '',
    dataDir: record.registered?.dataDir ?? '',
    collectorProblem: record.registered ? (record.collectorProblem ?? '') : '',
  };
}

/** Instance fields 10-13; an unset allow_restart stays absent (proto3 optional). */
function settingsMessage(settings: InstanceSettings): Pick<Instance, 'workload' | 'knobs' | 'limits' | 'labels'> {
  const { allowRestart, ...caps } = settings.limits;
  return {
    workload: settings.workload,
    knobs: settings.knobs,
    limits: allowRestart === null ? caps : { ...caps, allowRestart },
    labels: settings.labels,
  };
}
