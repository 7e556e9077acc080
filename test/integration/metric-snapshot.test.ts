import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotRates } from '../../lib/metrics/snapshot-rates';
import { statViewQueries } from '../../services/collector/metrics/stat-view-queries';
import { takeSnapshot } from '../../services/collector/metrics/take-snapshot';
import { PgTarget } from '../../lib/postgres/pg-target';
import { TEST_SERVER_DSN } from '../helpers/test-store';

// The shared server: this test only reads statistics and runs SELECTs.
const TARGET = PgTarget.fromDsn(TEST_SERVER_DSN);

function connect(): Promise<Client> {
  const client = new Client(TARGET.clientConfig({ application_name: 'pg-autotune-test-metric-snapshot' }));
  return client.connect().then(() => client);
}

function value(snapshot: Awaited<ReturnType<typeof takeSnapshot>>, name: string): number {
  const metric = snapshot.metrics.find((m) => m.name === name);
  if (!metric) throw new Error(`no metric ${name}`);
  return metric.value;
}

/** Commits `n` transactions on a connection of its own and closes it: a backend flushes its statistics on exit. */
async function commitTransactions(n: number): Promise<void> {
  const worker = await connect();
  try {
    for (let i = 0; i < n; i++) await worker.query('SELECT 1');
  } finally {
    await worker.end();
  }
}

/** Snapshots until xact_commit has grown by `atLeast` since `before` (flushes lag by up to a second). */
async function snapshotAfterCommits(client: Client, before: number, atLeast: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const snapshot = await takeSnapshot(client);
    if (value(snapshot, 'database.xact_commit') - before >= atLeast || Date.now() > deadline) return snapshot;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('takeSnapshot against the live server', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('reports every metric of the server version, sorted, as finite numbers', async () => {
    const snapshot = await takeSnapshot(client);
    expect(snapshot.serverVersionNum).toBeGreaterThanOrEqual(140000);
    expect(snapshot.takenAtMs).toBeGreaterThan(Date.now() - 60_000);
    const names = snapshot.metrics.map((m) => m.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining([
      'database.xact_commit', 'database.numbackends', 'database.blks_hit', 'bgwriter.buffers_clean',
      'checkpointer.num_timed', 'checkpointer.buffers_written', 'wal.wal_bytes',
    ]));
    const core = statViewQueries({ serverVersionNum: snapshot.serverVersionNum, statements: null })
      .flatMap((q) => q.metrics.map((m) => m.name));
    expect(names.filter((n) => !n.startsWith('statements.'))).toEqual([...core].sort());
    for (const m of snapshot.metrics) {
      expect(Number.isFinite(m.value), m.name).toBe(true);
      expect(m.value, m.name).toBeGreaterThanOrEqual(0);
    }
    expect(snapshot.metrics.find((m) => m.name === 'database.numbackends')!.counter).toBe(false);
    expect(value(snapshot, 'database.numbackends')).toBeGreaterThanOrEqual(1);
  });

  it('sees transactions committed between two snapshots as a positive commit rate', async () => {
    const before = await takeSnapshot(client);
    await commitTransactions(50);
    const after = await snapshotAfterCommits(client, value(before, 'database.xact_commit'), 50);
    const rates = snapshotRates(before, after);
    const commitRate = rates.metrics.find((m) => m.name === 'database.xact_commit')!;
    expect(commitRate.counter).toBe(true);
    expect(commitRate.value).toBeGreaterThan(0);
    expect(commitRate.value * rates.windowS).toBeGreaterThanOrEqual(50);
    expect(rates.metrics.map((m) => m.name)).toContain('derived.buffer_hit_ratio');
  });

  it('reads fresh values inside a transaction, where statistics are otherwise cached', async () => {
    await client.query('BEGIN');
    try {
      const before = await takeSnapshot(client);
      await commitTransactions(20);
      const after = await snapshotAfterCommits(client, value(before, 'database.xact_commit'), 20);
      expect(value(after, 'database.xact_commit') - value(before, 'database.xact_commit')).toBeGreaterThanOrEqual(20);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
