import { redactSecrets } from '../lib/core/redact-secrets';

/**
 * A password typed into `--target` or `--store` is readable by every local user through `ps`
 * and /proc/PID/cmdline. Setting process.title rewrites that memory on Linux (libuv reuses the
 * argv block), so the password is visible only for the instant before this runs; the warning
 * says how to keep it off the command line altogether. The parsed arguments keep the password.
 */
export function scrubArgv(argv: readonly string[], warn: (line: string) => void): void {
  const shown = argv.map(redactSecrets);
  if (shown.every((arg, i) => arg === argv[i])) return;
  process.title = shown.join(' ');
  warn(
    'pg-autotune: warning: a password on the command line can be read by other local users; ' +
      'pass it in PGPASSWORD or a passfile (DSN passfile=FILE, or ~/.pgpass) instead',
  );
}
