import { UnavailableError } from '../../lib/core/errors';
import { logger } from '../../lib/core/logger';
import type { PgTarget } from '../../lib/postgres/pg-target';
import type { ServerControl } from '../../lib/postgres/server-control';
import { readSystemIdentifier } from '../../lib/postgres/system-identifier';
import { waitForConnection } from '../../lib/postgres/wait-for-connection';
import { writeAutoConf } from './config-backup';
import { OriginalConfigFile } from './original-config-file';
import { StateRecordLock } from './state-record-lock';

export interface StoppedServerStartOptions {
  target: PgTarget;
  control: ServerControl;
  dataDir: string;
  stateDir: string;
  timeoutS: number;
}

/**
 * What a collector does first when it may restart its server: make sure the server is up.
 *
 * A server that runs is waited for until it accepts connections (a restart the previous
 * collector began may still be finishing: pg_ctl runs detached and outlives it). A server
 * that is stopped is started only when this collector's record, found through the cluster's
 * system identifier in global/pg_control, says a change was in progress: pg-autotune stopped
 * it, so it brings it back, on the recorded original postgresql.auto.conf (the last good
 * configuration), and says so. Any other stopped server is left alone: nobody asked for it
 * to start.
 *
 * The record is read only under its lock (state-record-lock.ts): a server stopped by a live
 * collector's restart is that collector's to start.
 *
 * @returns the record's lock when it started the server (the caller keeps or releases it), else undefined.
 * @throws UnavailableError when the server is stopped and no unfinished change is recorded.
 * @throws FailedPreconditionError when another live collector holds the record.
 */
export async function startStoppedServer(options: StoppedServerStartOptions): Promise<StateRecordLock | undefined> {
  const { target, control, dataDir, stateDir, timeoutS } = options;
  if (await control.isRunning()) {
    await waitForConnection(target, timeoutS);
    return undefined;
  }
  const id = await readSystemIdentifier(dataDir);
  const file = id === undefined ? undefined : await OriginalConfigFile.open(stateDir, id);
  const lock = file && (await StateRecordLock.acquire(file.file, stateDir));
  try {
    await startRecorded(options, file);
    return lock;
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

async function startRecorded(options: StoppedServerStartOptions, file: OriginalConfigFile | undefined): Promise<void> {
  const { target, control, dataDir, stateDir, timeoutS } = options;
  const record = await file?.read();
  if (!file || !record?.changeInProgress) {
    throw new UnavailableError(
      `PostgreSQL in ${dataDir} is not running, and no unfinished change of pg-autotune to it is recorded in ${stateDir}: ` +
        'start it yourself (a collector starts only a server it stopped)',
    );
  }
  if (record.autoConfText !== null) await writeAutoConf(dataDir, record.autoConfText);
  try {
    await control.start(timeoutS);
  } catch (err) {
    // The previous collector's detached restart may have started it in the meantime.
    if (!(await control.isRunning())) throw err;
    await waitForConnection(target, timeoutS);
  }
  logger.warn(
    { record: file.file, dataDir },
    'the server was stopped in the middle of a change by the previous collector: it is started again on the recorded original configuration',
  );
}
