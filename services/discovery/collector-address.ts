import { InvalidArgumentError } from '../../lib/core/errors';

// host:port, where host is a DNS name, an IPv4 address or a bracketed IPv6 address.
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/**
 * Checks a collector address and returns it trimmed: `host:port` with a port in 1..65535
 * (127.0.0.1:7002, collector-1.internal:7002, [::1]:7002). No scheme, no path.
 * @throws InvalidArgumentError naming `field`.
 */
export function checkCollectorAddress(address: string, field = 'collector_address'): string {
  const text = address.trim();
  const match = HOST_PORT.exec(text);
  if (!match) {
    throw new InvalidArgumentError(field, `"${address}" is not host:port (e.g. 127.0.0.1:7002 or [::1]:7002)`);
  }
  const port = Number(match[2]);
  if (port < 1 || port > 65535) throw new InvalidArgumentError(field, `port must be in 1..65535, got ${match[2]}`);
  return text;
}
