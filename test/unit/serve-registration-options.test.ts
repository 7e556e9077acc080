import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addRegistrationOptions, registrationFromFlags } from '../../cli/serve-registration-options';

/** `serve collector`'s registration flags as commander parses them. */
function parsed(args: string[]) {
  const command = addRegistrationOptions(new Command('collector').exitOverride().configureOutput({ writeErr: () => undefined }));
  command.parse(args, { from: 'user' });
  return registrationFromFlags(command.opts());
}

describe('serve collector --register', () => {
  it('asks for nothing without --register', () => {
    expect(parsed([])).toBeUndefined();
  });

  it('takes Discovery, the name, the address to advertise and the interval in seconds', () => {
    expect(parsed(['--register', '10.0.0.5:7001', '--name', 'orders-db', '--advertise', 'db-1.internal:7002', '--heartbeat-interval', '5'])).toEqual({
      discoveryAddress: '10.0.0.5:7001',
      name: 'orders-db',
      collectorAddress: 'db-1.internal:7002',
      heartbeatIntervalMs: 5_000,
    });
  });

  it('refuses --register without --name, and the other flags without --register', () => {
    expect(() => parsed(['--register', '10.0.0.5:7001'])).toThrow(/^--name: is required with --register/);
    expect(() => parsed(['--name', 'orders-db'])).toThrow(/^--name: only applies with --register/);
    expect(() => parsed(['--heartbeat-interval', '5'])).toThrow(/^--heartbeat-interval: only applies with --register/);
  });

  it('checks each value where it is typed', () => {
    expect(() => parsed(['--register', 'nohost'])).toThrow(/^--register: "nohost" is not host:port/);
    expect(() => parsed(['--register', '10.0.0.5:7001', '--name', 'Orders'])).toThrow(/^--name: "Orders" must match/);
    expect(() => parsed(['--register', '10.0.0.5:7001', '--name', 'a', '--heartbeat-interval', '0'])).toThrow(/^--heartbeat-interval: must be an integer in 1\.\.3600/);
  });
});
