import type { Command } from 'commander';
import { InvalidArgumentError } from '../../lib/core/errors';
import { discoveryOption } from '../remote/api-address';
import { readInstanceFile } from '../remote/instance-file';
import { withDiscovery } from '../remote/remote-call';

const EXAMPLE = `
Example:
  $ cat instance.yaml
  name: orders-db               # [a-z0-9][a-z0-9_-]*, at most 63 characters
  collector: 10.0.0.12:7002     # its \`pg-autotune serve collector --target DSN\`
  workload: mixed               # a preset, or a benchmark: {clients: 8, duration_s: 60, scripts: [...]}
  knobs: [shared_buffers, work_mem]   # what its sessions tune when they name no knobs
  limits:                       # every session on it stays within these
    max_clients: 16
    max_duration_s: 120
    max_iterations: 50
    allow_restart: false
  labels:
    team: payments
  $ pg-autotune register --config instance.yaml --discovery 127.0.0.1:7001

Registering asks the collector what it serves (PostgreSQL version, host RAM and CPUs), so the
collector must be running. Registering a name again updates its collector address, and a file
with any of workload, knobs, limits, labels replaces all four (one with none keeps them).`;

/** `pg-autotune register --config FILE`: RegisterInstance from an instance file. */
export function registerRegisterCommand(program: Command): Command {
  return program
    .command('register')
    .description('Register a PostgreSQL server, by the address of its collector, with the Discovery service (an instance file in YAML).')
    .requiredOption('--config <file>', 'the instance file (YAML): name, collector, and optionally workload, knobs, limits, labels')
    .addOption(discoveryOption())
    .addHelpText('after', EXAMPLE)
    .action(async (options: { config: string; discovery: string }) => {
      const file = readInstanceFile(options.config);
      const instance = await withDiscovery(options.discovery, (client) => client.registerInstance(file.name, file.collector, file.settings)).catch((err: unknown) => {
        // The service's rule for a field, pointed at the file's line.
        if (err instanceof InvalidArgumentError) throw file.problemAt(err.field, err.message.slice(err.field.length + 2));
        throw err;
      });
      process.stdout.write(
        `registered ${instance.name} (${instance.id}): PostgreSQL ${instance.serverVersion || '?'}, collector at ${instance.collectorAddress}, ${instance.status}\n`,
      );
    });
}
