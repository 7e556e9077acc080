import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from '../../core/errors';
import { BearerToken } from './bearer-token';

/** The environment variable a token can come from (a docker secret or a unit file's Environment=). */
export const TOKEN_ENV = 'PG_AUTOTUNE_TOKEN';

export interface TokenSources {
  /** `--token-file FILE`. */
  tokenFile?: string;
  /** Where PG_AUTOTUNE_TOKEN is read from; process.env in the CLI. */
  env: NodeJS.ProcessEnv;
}

/**
 * The one place a process finds its bearer token: `--token-file` > PG_AUTOTUNE_TOKEN > none.
 * There is no `--token` flag on purpose: a command line is readable by every user of the host
 * (`ps`), so the token comes from a file or the environment only.
 *
 * @throws InvalidArgumentError naming `--token-file` (unreadable, readable or writable by
 *   every user of the host, empty, malformed) or PG_AUTOTUNE_TOKEN (malformed).
 */
export function resolveToken(sources: TokenSources): BearerToken | undefined {
  if (sources.tokenFile !== undefined) return new BearerToken(readTokenFile(sources.tokenFile), '--token-file');
  const fromEnv = sources.env[TOKEN_ENV]?.trim();
  if (fromEnv) return new BearerToken(fromEnv, TOKEN_ENV);
  return undefined;
}

/**
 * A token file other users may read is refused rather than warned about: a warning scrolls by
 * and the secret stays exposed. Group access is allowed, so a docker or systemd secret shared
 * with the service's group works; `chmod 600` (or 640) is the fix the message names.
 */
function readTokenFile(file: string): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (err) {
    throw new InvalidArgumentError('--token-file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  if ((mode & 0o006) !== 0) {
    throw new InvalidArgumentError('--token-file', `${file} is readable or writable by every user of this host (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  }
  // Only the first line counts, without its line break: `echo TOKEN > file` writes one.
  const token = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0]!.trim();
  if (!token) throw new InvalidArgumentError('--token-file', `${file} is empty`);
  return token;
}
