import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { runCli, type CliRun } from './run-cli';
import { testServerTarget } from './test-store';

/**
 * What an end-to-end test of a running stack leaves behind: a store database of its own on the
 * test server, a scratch folder, and the CLI processes it ran. cleanup() kills what still runs
 * (SIGKILL: only a failed test leaves one), then drops the database and the folder.
 */
export class StackScratch {
  /** The store database's name: `pgat_<name>_<8 hex digits>`. */
  readonly storeDb: string;
  readonly storeDsn: string;
  /** A folder of its own under the system's temporary folder. */
  readonly dir: string;
  private readonly runs: CliRun[] = [];

  /** @param name the database's and the folder's stem, e.g. "serve_all" */
  constructor(name: string) {
    this.storeDb = `pgat_${name}_${randomUUID().slice(0, 8)}`;
    this.storeDsn = `postgres://postgres@127.0.0.1:5432/${this.storeDb}`;
    this.dir = mkdtempSync(path.join(tmpdir(), `pgat-${name.replaceAll('_', '-')}-`));
  }

  /** `pg-autotune ARGS` (runCli), killed by cleanup() if it still runs then. */
  cli(args: string[], env?: NodeJS.ProcessEnv): CliRun {
    const run = runCli(args, env);
    this.runs.push(run);
    return run;
  }

  /**
   * @param stopServices stops what the test started besides (its services, `serve all`), once
   *   the CLI runs are gone (a call still open would hold a server's stop) and before the
   *   database is dropped
   */
  async cleanup(stopServices: () => Promise<void> = async () => undefined): Promise<void> {
    for (const { child } of this.runs) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(this.runs.map((r) => r.done));
    await stopServices();
    const client = new Client(testServerTarget().clientConfig());
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(this.storeDb)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
