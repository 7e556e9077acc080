import { UnavailableError } from '../core/errors';

/**
 * The metadata store's server does not answer (refused, dropped, shutting down). Thrown by
 * StoreClient for every repository; a subclass so that a trainer can tell a store outage,
 * which leaves its session resumable, from a collector or environment that is down.
 */
export class StoreUnavailableError extends UnavailableError {}
