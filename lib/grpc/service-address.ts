import { InvalidArgumentError } from '../core/errors';

// host:port, where host is a DNS name, an IPv4 address or a bracketed IPv6 address.
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/**
 * What is wrong with a service address (`host:port`, a port in 1..65535: 127.0.0.1:7002,
 * collector-1.internal:7002, [::1]:7002; no scheme, no path), or undefined when it is one.
 * The one rule for Discovery's RegisterInstance and the Environment's Open.
 */
export function serviceAddressProblem(address: string): string | undefined {
  const match = HOST_PORT.exec(address.trim());
  if (!match) return `"${address}" is not host:port (e.g. 127.0.0.1:7002 or [::1]:7002)`;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return `port must be in 1..65535, got ${match[2]}`;
  return undefined;
}

/**
 * Checks a service address and returns it trimmed.
 * @throws InvalidArgumentError naming `field`.
 */
export function checkServiceAddress(address: string, field: string): string {
  const problem = serviceAddressProblem(address);
  if (problem) throw new InvalidArgumentError(field, problem);
  return address.trim();
}
