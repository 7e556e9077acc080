import { describe, expect, it } from 'vitest';
import { checkServiceAddress } from '../../lib/grpc/service-address';
import { checkInstanceName } from '../../lib/grpc/instance-name';
import { INSTANCE_HEARTBEAT } from '../../lib/grpc/service-defaults';
import { instanceStatus } from '../../services/discovery/instance-status';
import { InvalidArgumentError } from '../../lib/core/errors';

describe('checkInstanceName', () => {
  it('accepts 1..63 characters of [a-z0-9][a-z0-9_-]*', () => {
    for (const name of ['a', 'db-1', 'prod_eu_2', '9lives', 'x'.repeat(63)]) expect(checkInstanceName(name)).toBe(name);
  });

  it('refuses the rest, naming the field', () => {
    for (const name of ['', 'DB', '-db', '_db', 'db 1', 'db.1', 'db/1', 'x'.repeat(64)]) {
      expect(() => checkInstanceName(name), name).toThrow(InvalidArgumentError);
    }
    expect(() => checkInstanceName('Bad')).toThrow(/^name: "Bad" must match/);
  });
});

describe('checkServiceAddress', () => {
  it('accepts host:port with a DNS name, IPv4 or bracketed IPv6, trimmed', () => {
    expect(checkServiceAddress('127.0.0.1:7002', 'collector_address')).toBe('127.0.0.1:7002');
    expect(checkServiceAddress(' collector-1.internal:7002 ', 'collector_address')).toBe('collector-1.internal:7002');
    expect(checkServiceAddress('[::1]:7002', 'collector_address')).toBe('[::1]:7002');
  });

  it('refuses a missing or out-of-range port, a scheme or a path', () => {
    for (const address of ['', '127.0.0.1', ':7002', '127.0.0.1:0', '127.0.0.1:65536', 'http://h:1', 'h:1/x', '::1:7002']) {
      expect(() => checkServiceAddress(address, 'collector_address'), address).toThrow(/^collector_address: /);
    }
  });
});

describe('instanceStatus', () => {
  const now = 1_000_000_000;
  const limit = INSTANCE_HEARTBEAT.unavailableAfterMs;
  it(`is alive up to ${limit} ms after the last heartbeat, unavailable after and when never beaten`, () => {
    expect(instanceStatus(new Date(now - limit), now)).toBe('alive');
    expect(instanceStatus(new Date(now - limit - 1), now)).toBe('unavailable');
    expect(instanceStatus(null, now)).toBe('unavailable');
    expect(instanceStatus(new Date(now - 10), now, 5)).toBe('unavailable');
  });
});
