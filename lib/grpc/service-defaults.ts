/**
 * Where the services listen unless told otherwise, in this one place: the start functions
 * apply these, and `serve`'s help and its trainer's default Environment address print them.
 */

/** One fixed port per service, so all of them run side by side on one host (docker-compose.yml uses the same). */
export const DEFAULT_SERVICE_PORTS = Object.freeze({
  discovery: 7001,
  collector: 7002,
  recommendation: 7003,
  environment: 7004,
});

/** Loopback: exposing a service beyond this host is a deliberate choice (`--listen`). */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';
