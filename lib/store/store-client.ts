import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { errorMessage, InvalidArgumentError } from '../core/errors';
import { isConnectionError } from '../postgres/connection-error';
import { SQLSTATE, sqlState } from './sql-state';
import { StoreUnavailableError } from './store-unavailable-error';
import type { StoreTables } from './store-tables';

/**
 * The repositories' access to the store: the pool, the table names, and one place that turns
 * a lost connection into an UnavailableError naming the store by its password-free DSN.
 * Other errors (a constraint, a bug in a statement) pass through with their SQLSTATE `code`.
 */
export class StoreClient {
  constructor(
    readonly pool: Pool,
    readonly tables: StoreTables,
    /** PgTarget.describe() of the store: never the password. */
    readonly where: string,
  ) {}

  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw isConnectionError(err) ? this.unavailable(err) : this.refusedText(err);
    }
  }

  /** Runs `work` inside BEGIN ... COMMIT on one connection, rolling back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.unavailable(err);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw isConnectionError(err) ? this.unavailable(err) : this.refusedText(err);
    } finally {
      client.release();
    }
  }

  // A caller's text that PostgreSQL cannot hold (a NUL character, U+0000): the request's
  // fault, not the store's, so the caller gets INVALID_ARGUMENT rather than INTERNAL.
  private refusedText(err: unknown): unknown {
    if (sqlState(err) !== SQLSTATE.characterNotInRepertoire) return err;
    return new InvalidArgumentError('request', 'a text field holds a NUL character (U+0000), which the metadata store cannot keep', { cause: err });
  }

  unavailable(err: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`metadata store ${this.where} does not answer: ${errorMessage(err)}`, { cause: err });
  }
}
