import { execFileSync } from 'node:child_process';
import { FailedPreconditionError } from '../core/errors';

/** The OS user that PostgreSQL's server programs run as, when it differs from this process's. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

/** The account Debian, Fedora and Homebrew packages create for the server. */
export const DEFAULT_SERVER_USER = 'postgres';

const cache = new Map<string, ServerUser>();

/**
 * PostgreSQL refuses to run as root, so a root process runs the server programs as `name`
 * (runuser); any other process runs them as itself, which answers undefined.
 *
 * @throws FailedPreconditionError when this process is root and the account does not exist.
 */
export function resolveServerUser(name: string = DEFAULT_SERVER_USER): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const known = cache.get(name);
  if (known) return known;
  let user: ServerUser;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    user = { name, uid: id('-u'), gid: id('-g') };
  } catch (err) {
    throw new FailedPreconditionError(
      `running as root, but PostgreSQL refuses to run as root and there is no "${name}" OS user to run it as; ` +
        'install the PostgreSQL server package (it creates that user) or run pg-autotune as a normal user',
      { cause: err },
    );
  }
  cache.set(name, user);
  return user;
}
