import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { SandboxFixture } from './sandbox-fixture';

/**
 * Writes settings into the sandbox's postgresql.conf and reloads: the server's own
 * configuration from before any tuner came, as its operator would have written it (not
 * postgresql.auto.conf, which the collector changes and restores). Resolves once a new
 * connection sees every value. Values are the test's own constants, quoted as the file wants.
 */
export async function setOriginalConfig(sandbox: SandboxFixture, settings: Readonly<Record<string, string>>): Promise<void> {
  const lines = Object.entries(settings).map(([name, value]) => `${name} = '${value.replace(/'/g, "''")}'`);
  appendFileSync(path.join(sandbox.dataDir, 'postgresql.conf'), `\n# test: the original configuration\n${lines.join('\n')}\n`);
  await query(sandbox, 'SELECT pg_reload_conf()');
  // The reload is asynchronous: the postmaster rereads the file when it handles SIGHUP.
  for (let attempt = 0; attempt < 100; attempt++) {
    const rows = await query(sandbox, 'SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name', [Object.keys(settings)]);
    if (rows.every((r) => r.value === settings[r.name])) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the sandbox on port ${sandbox.port} did not take ${lines.join(', ')} after a reload`);
}

async function query(sandbox: SandboxFixture, sql: string, params: unknown[] = []): Promise<{ name: string; value: string }[]> {
  const client = new Client(sandbox.target.clientConfig());
  await client.connect();
  try {
    return (await client.query<{ name: string; value: string }>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
