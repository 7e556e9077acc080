import { Client } from 'pg';
import type { PgTarget } from '../../lib/postgres/pg-target';

/** pg_settings.setting of one parameter on the target, in its base unit: what the server has in effect. */
export async function serverSetting(target: PgTarget, name: string): Promise<string> {
  const client = new Client(target.clientConfig());
  await client.connect();
  try {
    const { rows } = await client.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name]);
    return rows[0]!.setting;
  } finally {
    await client.end();
  }
}
