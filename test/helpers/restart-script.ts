import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findPgBinaries } from '../../lib/postgres/pg-binaries';
import { resolveServerUser } from '../../lib/postgres/server-user';
import type { SandboxFixture } from './sandbox-fixture';

/** pg_ctl on the sandbox's data directory as a shell command line, as the server's OS user. */
export function pgCtlCommand(sandbox: SandboxFixture, args: string): string {
  const user = resolveServerUser();
  const asServer = user ? `runuser -u ${user.name} -- ` : '';
  return `${asServer}${findPgBinaries().pgCtl} ${args} -D '${sandbox.dataDir}'`;
}

/** Writes an executable /bin/sh script into the sandbox's folder (gone with it) and returns its path. */
export function writeRestartScript(sandbox: SandboxFixture, name: string, lines: string[]): string {
  const script = path.join(sandbox.baseDir, name);
  writeFileSync(script, ['#!/bin/sh', ...lines, ''].join('\n'));
  chmodSync(script, 0o755);
  return script;
}
