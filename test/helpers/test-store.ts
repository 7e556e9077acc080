import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PgTarget } from '../../lib/postgres/pg-target';
import { openStore, type MetadataStore } from '../../lib/store/metadata-store';

/** The shared server the tests keep their stores on (trust auth); PG_AUTOTUNE_TEST_DSN points them elsewhere. */
export const TEST_SERVER_DSN = process.env.PG_AUTOTUNE_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The test server as a target: the DSN alone says where, so a stray PG* variable cannot redirect a test. */
export function testServerTarget(): PgTarget {
  return PgTarget.fromDsn(TEST_SERVER_DSN, {});
}

/** A schema name no other file, test or concurrent run uses: `<prefix>_<8 hex digits>`. */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** The metadata store in `schema` on the test server (or `target`), created and migrated as a service would. */
export function openTestStore(schema: string, target: PgTarget = testServerTarget()): Promise<MetadataStore> {
  return openStore({ target, schema });
}

/** Drops the schemas with everything in them; call it after the stores in them are closed. */
export async function dropTestSchemas(...schemas: string[]): Promise<void> {
  const admin = new Client(testServerTarget().clientConfig());
  await admin.connect();
  try {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await admin.end();
  }
}

/** For a file that works in a schema per test: each `next()` a new unique name, all dropped together by `drop()`. */
export class TestSchemas {
  private readonly names: string[] = [];

  constructor(private readonly prefix: string) {}

  next(): string {
    const schema = uniqueSchemaName(this.prefix);
    this.names.push(schema);
    return schema;
  }

  drop(): Promise<void> {
    return dropTestSchemas(...this.names);
  }
}
