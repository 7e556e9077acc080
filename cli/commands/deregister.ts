import type { Command } from 'commander';
import { discoveryOption } from '../remote/api-address';
import { withDiscovery } from '../remote/remote-call';

const EXAMPLE = `
Example:
  $ pg-autotune deregister orders-db --discovery 127.0.0.1:7001

The instance's finished sessions and their history go with it. An instance with a pending or
running session is refused: stop the session first (pg-autotune sessions stop ID).`;

/** `pg-autotune deregister NAME`: DeregisterInstance. */
export function registerDeregisterCommand(program: Command): Command {
  return program
    .command('deregister')
    .description('Remove an instance from the Discovery service, with its finished sessions.')
    .argument('<instance>', 'the instance, by name or id')
    .addOption(discoveryOption())
    .addHelpText('after', EXAMPLE)
    .action(async (instance: string, options: { discovery: string }) => {
      await withDiscovery(options.discovery, (client) => client.deregisterInstance(instance));
      process.stdout.write(`deregistered ${instance}\n`);
    });
}
