import type { Command } from 'commander';
import { InvalidArgumentError } from '../../lib/core/errors';
import { discoveryOption } from '../remote/api-address';
import { readInstanceFile } from '../remote/instance-file';
import { withDiscovery } from '../remote/remote-call';

const EXAMPLE = `
Example:
  $ cat instance.yaml
  name: orders-db               # [a-z0-9][a-z0-9_-]*, at most 63 characters
  collector: 10.0.0.12:7002     # its \`pg-autotune serve collector --target DSN\`, or instead:
  # target: postgresql://postgres@127.0.0.1:5432/orders   # \`serve all\` starts a collector for it
  # data_dir: /var/lib/postgresql/15/main                 # with target: restarts, exact rollback
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

Registering by collector asks it what it serves (PostgreSQL version, host RAM and CPUs), so the
collector must be running. Registering by target asks the \`serve all\` of this Discovery to
start a collector for the DSN on its host (own process, a free port on loopback), announce it
and heartbeat for it; \`instances\` shows it alive once it serves. The DSN holds no password: the
collector reads it from PGPASSWORD or a passfile (PGPASSFILE, ~/.pgpass) of the \`serve all\`
process. Registering a name again updates it, and a file with any of workload, knobs, limits,
labels replaces all four (one with none keeps them).`;

/** `pg-autotune register --config FILE`: RegisterInstance from an instance file. */
export function registerRegisterCommand(program: Command): Command {
  return program
    .command('register')
    .description('Register a PostgreSQL server with the Discovery service, by the address of its collector or by a DSN for which `serve all` starts one (an instance file in YAML).')
    .requiredOption('--config <file>', 'the instance file (YAML): name, collector or target (and data_dir), and optionally workload, knobs, limits, labels')
    .addOption(discoveryOption())
    .addHelpText('after', EXAMPLE)
    .action(async (options: { config: string; discovery: string }) => {
      const file = readInstanceFile(options.config);
      const request = { ...file.settings, ...(file.target ? { target: file.target.target, dataDir: file.target.dataDir ?? '' } : {}) };
      const instance = await withDiscovery(options.discovery, (client) => client.registerInstance(file.name, file.collector ?? '', request)).catch((err: unknown) => {
        // The service's rule for a field, pointed at the file's line.
        if (err instanceof InvalidArgumentError) throw file.problemAt(err.field, err.message.slice(err.field.length + 2));
        throw err;
      });
      const servedBy = instance.collectorAddress
        ? `collector at ${instance.collectorAddress}`
        : `target ${instance.target}, waiting for \`serve all\` to start its collector`;
      process.stdout.write(`registered ${instance.name} (${instance.id}): PostgreSQL ${instance.serverVersion || '?'}, ${servedBy}, ${instance.status}\n`);
    });
}
