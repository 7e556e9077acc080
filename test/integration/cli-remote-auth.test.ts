import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BearerToken } from '../../lib/grpc/auth/bearer-token';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { runCli } from '../helpers/run-cli';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

const schema = uniqueSchemaName('cli_remote_auth');
const TOKEN = randomBytes(24).toString('hex');

// The remote commands carry the caller's token (PG_AUTOTUNE_TOKEN or --token-file) to an API
// that requires one; without it they stop with exit 7 and one line, never the token.
describe('remote CLI commands against an API that requires a bearer token', () => {
  let store: MetadataStore;
  let api: Awaited<ReturnType<typeof startRecommendation>>;
  let dir: string;

  beforeAll(async () => {
    store = await openTestStore(schema);
    api = await startRecommendation({ store, port: 0, security: { token: new BearerToken(TOKEN, 'test') } });
    dir = mkdtempSync(path.join(tmpdir(), 'pgat-token-'));
  });

  afterAll(async () => {
    await api?.stop();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await dropTestSchemas(schema);
  });

  it('without a token: exit 7, one line naming the missing token', async () => {
    const result = await runCli(['sessions', 'list', '--api', api.address], { PG_AUTOTUNE_TOKEN: '' }).done;
    expect(result.code).toBe(7);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/unauthenticated/i);
  }, 60_000);

  it('with PG_AUTOTUNE_TOKEN or --token-file the call goes through', async () => {
    const viaEnv = await runCli(['sessions', 'list', '--json', '--api', api.address], { PG_AUTOTUNE_TOKEN: TOKEN }).done;
    expect(viaEnv, viaEnv.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(viaEnv.stdout)).toEqual([]);
    const file = path.join(dir, 'token');
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    const viaFile = await runCli(['sessions', 'list', '--json', '--api', api.address, '--token-file', file], { PG_AUTOTUNE_TOKEN: '' }).done;
    expect(viaFile, viaFile.stderr).toMatchObject({ code: 0 });
    const wrong = await runCli(['recommend', '--session', '00000000-0000-4000-8000-000000000000', '--api', api.address], { PG_AUTOTUNE_TOKEN: 'x'.repeat(32) }).done;
    expect(wrong.code).toBe(7);
    expect(`${wrong.stdout}${wrong.stderr}`).not.toContain(TOKEN);
  }, 60_000);
});
