import pino from 'pino';
import { redactSecrets } from './redact-secrets';

/** Where the lines go: stderr until logToFile. */
let destination: pino.DestinationStream = pino.destination(2);

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
  { write: (line: string) => destination.write(line) },
);

/**
 * From now on, log lines are appended to `file` (created, folders too, owner-only) instead of
 * stderr: for a process whose stderr went away (a collector whose parent died). Written
 * synchronously, so a line is on disk before the process can exit.
 */
export function logToFile(file: string): void {
  destination = pino.destination({ dest: file, append: true, mkdir: true, sync: true, mode: 0o600 });
}

export type Logger = typeof logger;
