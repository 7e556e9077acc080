import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';

/**
 * The cluster's system identifier read from `<data dir>/global/pg_control` without a running
 * server: the same number `pg_control_system()` gives, which a collector needs to find its
 * record of a server that is down. The control file starts with it, a uint64 in the host's
 * byte order (ControlFileData.system_identifier).
 *
 * @returns undefined when there is no readable control file (not a data directory, a
 *   configuration folder such as Debian's /etc/postgresql/..., no permission).
 */
export async function readSystemIdentifier(dataDir: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path.join(dataDir, 'global', 'pg_control'), 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(buffer, 0, 8, 0);
    if (bytesRead < 8) return undefined;
    const id = endianness() === 'LE' ? buffer.readBigUInt64LE(0) : buffer.readBigUInt64BE(0);
    return id === 0n ? undefined : id.toString();
  } finally {
    await handle.close();
  }
}
