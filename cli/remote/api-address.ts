import { Option } from 'commander';
import { DEFAULT_LISTEN_HOST, DEFAULT_SERVICE_PORTS } from '../../lib/grpc/service-defaults';
import { checkServiceAddress } from '../../lib/grpc/service-address';

/** Where the remote commands look unless told: the services' own defaults on this host. */
export const DEFAULT_API_ADDRESS = `${DEFAULT_LISTEN_HOST}:${DEFAULT_SERVICE_PORTS.recommendation}`;
export const DEFAULT_DISCOVERY_ADDRESS = `${DEFAULT_LISTEN_HOST}:${DEFAULT_SERVICE_PORTS.discovery}`;

/** `--api ADDR`: the Recommendation service (sessions, progress, recommendations). */
export function apiOption(): Option {
  return new Option('--api <address>', 'the Recommendation service (host:port), e.g. a `pg-autotune serve recommendation`')
    .argParser((value: string) => checkServiceAddress(value, '--api'))
    .default(DEFAULT_API_ADDRESS);
}

/** `--discovery ADDR`: the Discovery service, where instances are registered. */
export function discoveryOption(): Option {
  return new Option('--discovery <address>', 'the Discovery service (host:port), e.g. a `pg-autotune serve discovery`')
    .argParser((value: string) => checkServiceAddress(value, '--discovery'))
    .default(DEFAULT_DISCOVERY_ADDRESS);
}
