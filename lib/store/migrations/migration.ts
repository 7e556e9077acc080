import type { StoreTables } from '../store-tables';

/**
 * One step of the store's schema. Applied once, in version order, and never edited after it
 * has shipped: a change to the schema is a new migration.
 */
export interface Migration {
  version: number;
  name: string;
  /** The DDL, written against the schema-qualified names of `tables`. */
  sql(tables: StoreTables): string;
}
