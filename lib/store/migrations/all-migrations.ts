import type { Migration } from './migration';
import { initialSchema } from './0001-initial-schema';
import { oneActiveSessionPerInstance } from './0002-one-active-session-per-instance';

/** Every migration, in version order. */
export const ALL_MIGRATIONS: readonly Migration[] = [initialSchema, oneActiveSessionPerInstance];
