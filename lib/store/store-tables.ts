import { quoteIdentifier } from './sql-identifier';

/**
 * The schema-qualified names of the store's tables, built in one place. Every statement
 * names its schema explicitly instead of relying on search_path, so a pooled connection
 * whose search_path someone changed still reads and writes the right tables.
 */
export interface StoreTables {
  /** The quoted schema, for DDL. */
  schema: string;
  migrations: string;
  instances: string;
  sessions: string;
  iterations: string;
  checkpoints: string;
  recommendations: string;
  audit: string;
  /** The configuration change in progress on an instance, if any (migration 7). */
  changeHolds: string;
}

export function storeTables(schema: string): StoreTables {
  const s = quoteIdentifier(schema, 'schema');
  return Object.freeze({
    schema: s,
    migrations: `${s}.schema_migrations`,
    instances: `${s}.instances`,
    sessions: `${s}.sessions`,
    iterations: `${s}.iterations`,
    checkpoints: `${s}.checkpoints`,
    recommendations: `${s}.recommendations`,
    audit: `${s}.audit`,
    changeHolds: `${s}.change_holds`,
  });
}
