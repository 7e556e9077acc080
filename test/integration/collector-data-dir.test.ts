import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError } from '../../lib/core/errors';
import { PgCtl } from '../../lib/postgres/pg-ctl';
import { pgCtlControl } from '../../lib/postgres/server-control';
import { CollectorService } from '../../services/collector/collector-service';
import { startSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

describe('Collector --data-dir is checked against the server before any change', () => {
  let sandbox: SandboxFixture;
  let scratch: string;
  let stateDir: string;
  const autoConf = () => readFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), 'utf8');
  const create = (dataDir: string) =>
    CollectorService.create({ target: sandbox.target, control: pgCtlControl(new PgCtl({ dataDir })), dataDir, stateDir });

  beforeAll(async () => {
    sandbox = await startSandbox({ scale: 1 });
    scratch = mkdtempSync(path.join(tmpdir(), 'pgat-datadir-'));
    stateDir = path.join(scratch, 'state');
  });

  afterAll(async () => {
    await sandbox?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a folder of another server (it has an auto.conf, no postmaster of this server) with FAILED_PRECONDITION', async () => {
    const wrongDir = mkdtempSync(path.join(scratch, 'other-'));
    copyFileSync(path.join(sandbox.dataDir, 'postgresql.auto.conf'), path.join(wrongDir, 'postgresql.auto.conf'));
    const before = autoConf();
    const attempt = create(wrongDir);
    await expect(attempt).rejects.toBeInstanceOf(FailedPreconditionError);
    await expect(attempt).rejects.toThrow(/is not the data directory of the server at this target \(it runs on .+\)/);
    expect(autoConf()).toBe(before);
  });

  it('refuses a folder that does not exist with INVALID_ARGUMENT naming --data-dir', async () => {
    const attempt = create(path.join(scratch, 'missing'));
    await expect(attempt).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(/^--data-dir: .*does not exist/);
  });

  it('accepts the data directory through a symbolic link', async () => {
    const link = path.join(scratch, 'link');
    symlinkSync(sandbox.dataDir, link);
    const service = await create(link);
    expect((await service.getServerInfo()).canRestart).toBe(true);
    await service.close();
  });
});
