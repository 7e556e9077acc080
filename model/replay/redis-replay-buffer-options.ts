import type { Redis } from 'ioredis';
import { ReplayArgumentError } from './replay-argument-error';
import { type ResolvedReplayBufferOptions, type ReplayBufferOptions, resolveReplayBufferOptions } from './replay-buffer-options';
import { transitionRecordBytes } from './transition-codec';

export interface RedisReplayBufferOptions extends ReplayBufferOptions {
  /**
   * Where Redis runs; ignored when `client` is given.
   * @defaultValue 'redis://127.0.0.1:6379'
   */
  url?: string;
  /**
   * An open ioredis connection to use instead of opening one. close() leaves it open: it
   * belongs to the caller, and so do its retry and offline-queue settings.
   */
  client?: Redis;
  /** Names the buffer's keys: buffers opened with the same session share their transitions. */
  session: string;
  /**
   * First part of every key; tests give each run its own. (ReplayKeys applies the default.)
   * @defaultValue 'pg-autotune:replay'
   */
  keyPrefix?: string;
  /**
   * How long opening may take (connection ready, layout read) before it fails with
   * ReplayBufferUnavailableError.
   * @defaultValue 3000
   */
  connectTimeoutMs?: number;
}

export interface ResolvedRedisReplayBufferOptions extends ResolvedReplayBufferOptions {
  url: string;
  client: Redis | undefined;
  session: string;
  keyPrefix: string | undefined;
  connectTimeoutMs: number;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

/** Redis refuses strings past 512 MiB, and the ring of records is one string. */
const MAX_STRING_BYTES = 512 * 1024 * 1024;

export function resolveRedisReplayBufferOptions(options: RedisReplayBufferOptions): ResolvedRedisReplayBufferOptions {
  const base = resolveReplayBufferOptions(options);
  if (options.url !== undefined && options.client !== undefined) {
    throw new ReplayArgumentError('client', 'give either url or client, not both');
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!Number.isFinite(connectTimeoutMs) || connectTimeoutMs <= 0) {
    throw new ReplayArgumentError('connectTimeoutMs', `must be a number > 0, got ${connectTimeoutMs}`);
  }
  const ringBytes = base.capacity * transitionRecordBytes(base.stateDim, base.actionDim);
  if (ringBytes > MAX_STRING_BYTES) {
    throw new ReplayArgumentError(
      'capacity',
      `${base.capacity} transitions take ${ringBytes} bytes, more than the 512 MiB a Redis string holds`,
    );
  }
  return {
    ...base,
    url: options.url ?? DEFAULT_REDIS_URL,
    client: options.client,
    session: options.session,
    keyPrefix: options.keyPrefix,
    connectTimeoutMs,
  };
}
