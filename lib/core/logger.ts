import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { redactSecrets } from './redact-secrets';

/** Where the lines go: stderr until logToFile. */
let destination: pino.DestinationStream = droppingErrors(pino.destination(2));

/** A destination whose write errors (EPIPE once the reader of stderr died, ENOSPC) drop the line instead of throwing from an 'error' event nobody handles. */
function droppingErrors(stream: ReturnType<typeof pino.destination>): ReturnType<typeof pino.destination> {
  stream.on('error', () => undefined);
  return stream;
}

/**
 * The services' logger: JSON lines on stderr (stdout belongs to command output), or the file
 * logToFile named. Any field
 * named like a secret is censored, as a second line of defence behind PgTarget keeping its
 * password non-enumerable.
 */
export const logger = pino(
  {
    level: process.env.PG_AUTOTUNE_LOG_LEVEL ?? 'info',
    base: undefined,
    serializers: {
      err: (err: unknown) => {
        // Callers also log a message as `err: errorMessage(e)`: pino passes a non-Error
        // through as it is, and reading its stack would throw inside a failure path.
        if (!(err instanceof Error)) return redactSecrets(String(err));
        const shown = pino.stdSerializers.err(err);
        return { ...shown, message: redactSecrets(shown.message), stack: redactSecrets(shown.stack) };
      },
    },
    redact: {
      paths: ['password', '*.password', 'dsn', '*.dsn', 'PGPASSWORD', '*.PGPASSWORD'],
      censor: '[redacted]',
    },
  },
  // pino keeps the stream it is given: this one forwards to whichever destination is current.
  // A line that cannot be written (a full disk, a pipe whose reader died) is dropped: a log call
  // must never throw out of the work it reports, above all a restore.
  {
    write: (line: string) => {
      try {
        destination.write(line);
      } catch {
        // dropped, see above
      }
    },
  },
);

/**
 * From now on, log lines are appended to `file` (created owner-only, in a folder created
 * owner-only if missing) instead of stderr: for a process whose stderr went away (a collector
 * whose parent died). Written synchronously, so a line is on disk before the process can exit.
 * False, and the destination unchanged, when the file cannot be opened (no space, no
 * permission): the caller goes on with its work all the same.
 */
export function logToFile(file: string): boolean {
  try {
    // Before the file: a folder this creates is a state directory too (0700, as
    // original-config-file.ts makes it), not one with the umask's permissions.
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    destination = droppingErrors(pino.destination({ dest: file, append: true, sync: true, mode: 0o600 }));
    return true;
  } catch {
    return false;
  }
}

export type Logger = typeof logger;
