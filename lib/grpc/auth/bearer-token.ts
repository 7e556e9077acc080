import { createHash, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { InvalidArgumentError } from '../../core/errors';

/** Shorter than this is guessable; `openssl rand -hex 32` gives 64 characters. */
export const MIN_TOKEN_LENGTH = 16;

/** Printable ASCII without spaces: what fits in an `authorization: Bearer <token>` header. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/**
 * The shared secret every call must carry as `authorization: Bearer <token>`. Like PgTarget's
 * password, the text is kept in a non-enumerable field, and the object prints as
 * `BearerToken([redacted])`, so neither a log line nor JSON.stringify can carry it.
 */
export class BearerToken {
  declare private readonly secret: string;
  declare private readonly digest: Buffer;

  /**
   * @param source names where the token came from (`--token-file /run/secrets/x`,
   *   `PG_AUTOTUNE_TOKEN`), for the error; the token itself is never quoted.
   * @throws InvalidArgumentError naming `source` when the token is too short or has spaces.
   */
  constructor(token: string, source: string) {
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new InvalidArgumentError(source, `a bearer token needs at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32), got ${token.length}`);
    }
    if (!TOKEN_CHARS.test(token)) {
      throw new InvalidArgumentError(source, 'a bearer token is printable ASCII without spaces or line breaks (e.g. openssl rand -hex 32)');
    }
    Object.defineProperty(this, 'secret', { value: token, enumerable: false });
    Object.defineProperty(this, 'digest', { value: sha256(token), enumerable: false });
  }

  /** The value of the `authorization` metadata a client sends. */
  header(): string {
    return `Bearer ${this.secret}`;
  }

  /**
   * Whether an `authorization` value carries this token. Both sides are hashed first so the
   * comparison takes the same time whatever the length or the first wrong character.
   */
  matches(authorization: string): boolean {
    const given = /^Bearer (.*)$/i.exec(authorization)?.[1] ?? '';
    return timingSafeEqual(sha256(given), this.digest);
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'BearerToken([redacted])';
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
