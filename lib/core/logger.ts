import pino from 'pino';
import { redactSecrets } from './redact-secrets';

/**
 * The services' logger: JSON lines on stderr (stdout belongs to command output). Any field
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
  pino.destination(2),
);

export type Logger = typeof logger;
