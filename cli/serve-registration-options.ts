import { Option, type Command } from 'commander';
import { InvalidArgumentError } from '../lib/core/errors';
import { checkInstanceName } from '../lib/grpc/instance-name';
import { checkServiceAddress } from '../lib/grpc/service-address';
import { INSTANCE_HEARTBEAT } from '../lib/grpc/service-defaults';
import type { StartCollectorOptions } from '../services/collector/start-collector';
import { integerOption } from './option-parsers';

/** `serve collector`'s flags for registering itself with Discovery. */
export interface RegistrationFlags {
  register?: string;
  name?: string;
  advertise?: string;
  /** Seconds. */
  heartbeatInterval?: number;
}

type CollectorRegistrationRequest = NonNullable<StartCollectorOptions['register']>;

const address = (flag: string) => (value: string) => checkServiceAddress(value, flag);

export function addRegistrationOptions(command: Command): Command {
  return command
    .addOption(new Option('--register <address>', 'once serving, register with this Discovery service (host:port) and heartbeat; needs --name').argParser(address('--register')))
    .addOption(new Option('--name <name>', 'the instance name to register, [a-z0-9][a-z0-9_-]*, at most 63 characters').argParser((v: string) => checkInstanceName(v, '--name')))
    .addOption(new Option('--advertise <address>', 'the address Discovery and the trainers dial (default: the one it listens on; needed with --listen 0.0.0.0)').argParser(address('--advertise')))
    .addOption(heartbeatIntervalOption());
}

export function heartbeatIntervalOption(): Option {
  return integerOption('--heartbeat-interval <s>', 'with --register: seconds between heartbeats', INSTANCE_HEARTBEAT.flagRangeS, INSTANCE_HEARTBEAT.intervalMs / 1000);
}

/** `serve discovery`'s: how long an instance stays alive without a heartbeat. */
export function unavailableAfterOption(): Option {
  return integerOption(
    '--unavailable-after <s>',
    'report an instance unavailable after this many seconds without a heartbeat',
    INSTANCE_HEARTBEAT.flagRangeS,
    INSTANCE_HEARTBEAT.unavailableAfterMs / 1000,
  );
}

/**
 * The registration the flags ask for, or none without --register.
 * @throws InvalidArgumentError for --register without --name, or --name / --advertise /
 *   --heartbeat-interval without --register (they would be silently ignored).
 */
export function registrationFromFlags(flags: RegistrationFlags): CollectorRegistrationRequest | undefined {
  if (flags.register === undefined) {
    const stray = (['name', 'advertise', 'heartbeatInterval'] as const).find((key) => flags[key] !== undefined);
    if (stray) throw new InvalidArgumentError(`--${stray === 'heartbeatInterval' ? 'heartbeat-interval' : stray}`, 'only applies with --register DISCOVERY');
    return undefined;
  }
  if (flags.name === undefined) throw new InvalidArgumentError('--name', 'is required with --register: the instance name to register, e.g. --name orders-db');
  return {
    discoveryAddress: flags.register,
    name: flags.name,
    collectorAddress: flags.advertise,
    heartbeatIntervalMs: flags.heartbeatInterval === undefined ? undefined : flags.heartbeatInterval * 1000,
  };
}
