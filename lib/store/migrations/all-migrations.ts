import type { Migration } from './migration';
import { initialSchema } from './0001-initial-schema';

/** Every migration, in version order. */
export const ALL_MIGRATIONS: readonly Migration[] = [initialSchema];
