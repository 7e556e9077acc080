import { DEFAULT_SERVICE_PORTS } from '../lib/grpc/service-defaults';

/**
 * The example under each `serve X --help`: what to type on one host, ports as the services'
 * defaults (service-defaults.ts), so the help and the services never disagree.
 */
const P = DEFAULT_SERVICE_PORTS;

export const SERVE_HELP: Readonly<Record<'collector' | 'environment' | 'discovery' | 'recommendation' | 'trainer' | 'all', string>> = {
  collector: `
Example (next to the server; the password comes from PGPASSWORD or ~/.pgpass, never the command line):
  $ pg-autotune serve collector --target postgres://postgres@127.0.0.1:5432/pgbench \\
      --data-dir /var/lib/postgresql/15/main --register 10.0.0.5:${P.discovery} --name orders-db \\
      --listen 0.0.0.0 --advertise db-1.internal:${P.collector} --token-file /etc/pg-autotune/token

With --register it registers itself once serving (again on every restart: the same entry) and
heartbeats; Discovery shows the instance unavailable once the beats stop.`,
  environment: `
Example:
  $ pg-autotune serve environment --port ${P.environment}`,
  discovery: `
Example:
  $ pg-autotune serve discovery --store postgres://autotune@10.0.0.5:5432/pg_autotune --listen 0.0.0.0 \\
      --token-file /etc/pg-autotune/token`,
  recommendation: `
Example:
  $ pg-autotune serve recommendation --store postgres://autotune@10.0.0.5:5432/pg_autotune --port ${P.recommendation}`,
  trainer: `
Example:
  $ pg-autotune serve trainer --store postgres://autotune@10.0.0.5:5432/pg_autotune \\
      --environment 10.0.0.5:${P.environment} --redis redis://10.0.0.5:6379`,
  all: `
Example (every service of this host, and a collector for its server):
  $ pg-autotune serve all --target postgres://postgres@127.0.0.1:5432/pgbench --name orders-db \\
      --data-dir /var/lib/postgresql/15/main
  $ cat /etc/pg-autotune/serve.yaml      # the same, as a file; flags and PG_AUTOTUNE_* win over it
  store: postgres://autotune@127.0.0.1:5432/pg_autotune
  target: postgres://postgres@127.0.0.1:5432/pgbench
  name: orders-db
  data_dir: /var/lib/postgresql/15/main
  token_file: /etc/pg-autotune/token
  $ pg-autotune serve all --config /etc/pg-autotune/serve.yaml
  $ pg-autotune sessions start orders-db --iterations 40 && pg-autotune sessions list

It also runs a collector, each in its own process on a free loopback port, for every instance
registered with \`target:\` (pg-autotune register --config FILE), announces it and heartbeats
for it, and stops it when the instance is deregistered. The password of such a target comes
from this process's PGPASSWORD or passfile (PGPASSFILE, ~/.pgpass).`,
};
