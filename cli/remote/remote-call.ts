import { DeadlineExceededError, UnavailableError } from '../../lib/core/errors';
import { DiscoveryClient } from '../../lib/grpc/clients/discovery-client';
import { RecommendationClient } from '../../lib/grpc/clients/recommendation-client';
import { SERVICE_NAMES } from '../../lib/grpc/autotune-proto';
import { checkHealth } from '../../lib/grpc/health-client';

/** How long a failed call's follow-up health check may take before the service counts as unreachable. */
const REACHABLE_CHECK_MS = 3_000;

/**
 * Runs `use` with a Recommendation client on `address` and closes it after; a service that
 * cannot be reached (refused, or no answer before the call's deadline) becomes one line:
 * "cannot reach the API at ADDR".
 */
export function withApi<T>(address: string, use: (client: RecommendationClient) => Promise<T>): Promise<T> {
  return withClient(new RecommendationClient(address), { what: 'the API', service: SERVICE_NAMES.recommendation, flag: '--api' }, use);
}

/** The same for the Discovery service (--discovery). */
export function withDiscovery<T>(address: string, use: (client: DiscoveryClient) => Promise<T>): Promise<T> {
  return withClient(new DiscoveryClient(address), { what: 'the discovery service', service: SERVICE_NAMES.discovery, flag: '--discovery' }, use);
}

interface Target {
  what: string;
  service: string;
  flag: string;
}

async function withClient<C extends { address: string; close(): void }, T>(client: C, target: Target, use: (client: C) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } catch (err) {
    // A host that drops the connection attempts shows up as a deadline, one that refuses them as UNAVAILABLE.
    if (!(err instanceof UnavailableError || err instanceof DeadlineExceededError)) throw err;
    if (!(await answers(client.address, target.service))) {
      throw new UnavailableError(`cannot reach ${target.what} at ${client.address} (is it running? another address: ${target.flag} HOST:PORT)`, { cause: err });
    }
    // The service is there and said UNAVAILABLE itself (a collector behind it did not answer): its words, not "unavailable".
    const said = (err.cause as { details?: unknown } | undefined)?.details;
    throw err instanceof UnavailableError && typeof said === 'string' && said ? new UnavailableError(`${target.what} at ${client.address} answered: ${said}`, { cause: err }) : err;
  } finally {
    client.close();
  }
}

/**
 * UNAVAILABLE means either that the service was not reached or that it answered so (a
 * collector behind it did not answer, it is shutting down): its own health check tells
 * the two apart without reading the message.
 */
async function answers(address: string, service: string): Promise<boolean> {
  try {
    await checkHealth(address, service, REACHABLE_CHECK_MS);
    return true;
  } catch {
    return false;
  }
}
