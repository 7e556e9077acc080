import type { Command } from 'commander';
import { INSTANCE_HEARTBEAT } from '../../lib/grpc/service-defaults';
import { discoveryOption } from '../remote/api-address';
import { instanceListText } from '../remote/instance-list-text';
import { withDiscovery } from '../remote/remote-call';

const EXAMPLE = `
Example:
  $ pg-autotune instances --discovery 127.0.0.1:7001
  NAME       STATUS  COLLECTOR       POSTGRESQL  HOST               LAST HEARTBEAT
  orders-db  alive   10.0.0.12:7002  15.8        4 CPUs, 15.6 GiB   2026-12-02 18:00:00Z

STATUS is alive while the instance's collector heartbeats (\`serve collector --register\`, every
${INSTANCE_HEARTBEAT.intervalMs / 1000} s), unavailable after ${INSTANCE_HEARTBEAT.unavailableAfterMs / 1000} s without a beat (Discovery's --unavailable-after).`;

/** `pg-autotune instances [--json]`: ListInstances. */
export function registerInstancesCommand(program: Command): Command {
  return program
    .command('instances')
    .description('List the instances registered with the Discovery service.')
    .option('--json', 'print the Instance messages as a JSON array')
    .addOption(discoveryOption())
    .addHelpText('after', EXAMPLE)
    .action(async (options: { json?: boolean; discovery: string }) => {
      const instances = await withDiscovery(options.discovery, (client) => client.listInstances());
      process.stdout.write(options.json ? `${JSON.stringify(instances, null, 2)}\n` : instanceListText(instances));
    });
}
