import type { Instance__Output } from '../../proto/generated/autotune/v1/Instance';
import { textColumns, timeText } from './text-columns';

const GIB = 1024 ** 3;

/**
 * `pg-autotune instances`: one line per registered instance, then one per instance whose
 * target has no collector because its start failed (the collector_problem `serve all` reported).
 */
export function instanceListText(instances: readonly Instance__Output[]): string {
  const problems = instances.filter((i) => i.collectorProblem).map((i) => `${i.name}: no collector: ${i.collectorProblem}\n`);
  return textColumns(
    ['NAME', 'STATUS', 'COLLECTOR', 'POSTGRESQL', 'HOST', 'LAST HEARTBEAT', 'LABELS'],
    instances.map((i) => [
      i.name,
      i.status,
      i.collectorAddress || '-',
      i.serverVersion || '-',
      i.hostCpus > 0 ? `${i.hostCpus} CPUs, ${(i.hostMemoryBytes / GIB).toFixed(1)} GiB` : '-',
      timeText(i.lastHeartbeatMs),
      labelsText(i.labels),
    ]),
    'no instances registered (add one: pg-autotune register --config instance.yaml, or start its collector with --register DISCOVERY --name NAME)',
  ) + problems.join('');
}

/** team=payments,env=prod in key order; - for none. */
function labelsText(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  return keys.length > 0 ? keys.map((k) => `${k}=${labels[k]}`).join(',') : '-';
}
