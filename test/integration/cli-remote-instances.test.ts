import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELOAD_ONLY } from '../../lib/postgres/server-control';
import { startCollector } from '../../services/collector/start-collector';
import { startDiscovery } from '../../services/discovery/start-discovery';
import { startRecommendation } from '../../services/recommendation/start-recommendation';
import { findFreePort } from '../../lib/postgres/free-port';
import type { MetadataStore } from '../../lib/store/metadata-store';
import { runCli } from '../helpers/run-cli';
import { oneLineError } from '../helpers/one-line-error';
import { runCliInProcess as cli } from '../helpers/run-cli-in-process';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { dropTestSchemas, openTestStore, uniqueSchemaName } from '../helpers/test-store';

// The shared store server (trust auth); this file works in a schema of its own, dropped at the end.
const schema = uniqueSchemaName('cli_remote_instances');

describe('pg-autotune register, instances, deregister against a running Discovery service and a real collector', () => {
  let sandbox: SandboxFixture;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let store: MetadataStore;
  let discovery: Awaited<ReturnType<typeof startDiscovery>>;
  let api: Awaited<ReturnType<typeof startRecommendation>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'pgat-cli-remote-'));
  const flags = () => ['--discovery', discovery.address];

  /** An instance file in this test's folder. */
  function instanceFile(name: string, text: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    collector = await startCollector({ target: sandbox.target, control: RELOAD_ONLY, stateDir: path.join(dir, 'collector-state'), port: 0 });
    store = await openTestStore(schema);
    discovery = await startDiscovery({ store, port: 0 });
    api = await startRecommendation({ store, port: 0 });
  });

  afterAll(async () => {
    await api?.stop();
    await discovery?.stop();
    await collector?.stop();
    await store?.close();
    await dropTestSchemas(schema);
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers an instance from a YAML file with what its collector reports, and lists it as JSON (the pg-autotune binary)', async () => {
    const file = instanceFile('orders.yaml', `# the sandbox\nname: orders-db\ncollector: ${collector.address}\n`);
    const registered = await runCli(['register', '--config', file, ...flags()]).done;
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stdout).toMatch(new RegExp(`^registered orders-db \\([0-9a-f-]{36}\\): PostgreSQL 1\\d[^,]*, collector at ${collector.address}, alive\\n$`));

    const listed = await runCli(['instances', '--json', ...flags()]).done;
    expect(listed.code, listed.stderr).toBe(0);
    const instances = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(instances).toEqual([expect.objectContaining({ name: 'orders-db', collectorAddress: collector.address, status: 'alive' })]);
    expect(instances[0]!.hostCpus).toBeGreaterThan(0);
    expect((await store.instances.get('orders-db')).target).toBe(sandbox.target.describe());
  });

  it('lists instances as a table', async () => {
    const table = await cli(['instances', ...flags()]);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+COLLECTOR\s+POSTGRESQL\s+HOST\s+LAST HEARTBEAT\s+LABELS$/);
    expect(table.stdout).toMatch(new RegExp(`^orders-db\\s+alive\\s+${collector.address.replace(/\./g, '\\.')}\\s+\\d+`, 'm'));
  });

  it('refuses a bad instance file with the line of each problem, registering nothing', async () => {
    const file = instanceFile('bad.yaml', `name: typo-db\ncollector: ${collector.address}\nlabel: team-a\ntarget: postgres://u:secret@db/bench\n`);
    const refused = await cli(['register', '--config', file, ...flags()]);
    const line = oneLineError(refused);
    expect(line).toContain(`pg-autotune: invalid argument: ${file}:3: unknown key "label" (allowed: name, collector, target, data_dir, workload, knobs, limits, labels)`);
    expect(line).toContain(`${file}:4: target: give either collector (the address of a running collector) or target`);
    expect(line).not.toContain('secret');
    expect(refused.code).toBe(1);
    await expect(store.instances.get('typo-db')).rejects.toThrow(/no instance/);
  });

  it("points Discovery's refusal of the name at the file's line", async () => {
    const file = instanceFile('name.yaml', `collector: ${collector.address}\n\nname: Orders_DB\n`);
    const refused = await cli(['register', '--config', file, ...flags()]);
    expect(oneLineError(refused)).toMatch(new RegExp(`^pg-autotune: invalid argument: ${file.replace(/\./g, '\\.')}:3: name: "Orders_DB" must match \\[a-z0-9\\]`));
    const missing = await cli(['register', '--config', path.join(dir, 'none.yaml'), ...flags()]);
    expect(oneLineError(missing)).toMatch(/^pg-autotune: invalid argument: --config: cannot read .*none\.yaml/);
  });

  it('tells a collector that does not answer apart from a Discovery service that cannot be reached', async () => {
    const nobody = `127.0.0.1:${await findFreePort()}`;
    const file = instanceFile('gone.yaml', `name: gone-db\ncollector: ${nobody}\n`);
    const noCollector = await cli(['register', '--config', file, ...flags()]);
    expect(oneLineError(noCollector)).toMatch(
      new RegExp(`^pg-autotune: unavailable: the discovery service at ${discovery.address} answered: collector at ${nobody} does not answer GetServerInfo`),
    );
    expect(noCollector.code).toBe(5);
    for (const args of [['register', '--config', file], ['instances'], ['deregister', 'orders-db']]) {
      const unreachable = await cli([...args, '--discovery', nobody]);
      expect(oneLineError(unreachable)).toBe(
        `pg-autotune: unavailable: cannot reach the discovery service at ${nobody} (is it running? another address: --discovery HOST:PORT)`,
      );
      expect(unreachable.code).toBe(5);
    }
  });

  it('deregisters an instance once its session is stopped, and names one that is not there', async () => {
    const started = await cli(['sessions', 'start', 'orders-db', '--iterations', '1', '--api', api.address]);
    expect(started.code, started.stderr).toBe(0);
    const busy = await cli(['deregister', 'orders-db', ...flags()]);
    expect(oneLineError(busy)).toContain(`instance "orders-db" has an active session ${started.stdout.trim()} (pending); stop it before you deregister it`);
    expect(busy.code).toBe(4);

    expect((await cli(['sessions', 'stop', started.stdout.trim(), '--api', api.address])).code).toBe(0);
    expect(await cli(['deregister', 'orders-db', ...flags()])).toMatchObject({ code: 0, stdout: 'deregistered orders-db\n' });
    expect(JSON.parse((await cli(['instances', '--json', ...flags()])).stdout)).toEqual([]);
    const gone = await cli(['deregister', 'orders-db', ...flags()]);
    expect(oneLineError(gone)).toBe('pg-autotune: not found: no instance with id or name "orders-db"');
    expect(gone.code).toBe(3);
  });
});
