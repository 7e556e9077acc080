import { InvalidArgumentError } from '../core/errors';
import { uuidOrNull } from './uuid-or-null';

/**
 * Where a page of sessions (newest first) ended: the last session's creation time, in
 * microseconds since the epoch as the store keeps it (a Date holds only milliseconds), and its
 * id to break ties. The next page starts strictly after it, so sessions created meanwhile
 * neither repeat nor shift a later page.
 */
export interface SessionCursor {
  createdAtMicros: string;
  id: string;
}

const FORM = /^(\d{1,19})_([0-9a-f-]{36})$/;

/** The opaque page_token of a cursor (base64url: it reads as a token, not as something to edit). */
export function encodeSessionPageToken(cursor: SessionCursor): string {
  return Buffer.from(`${cursor.createdAtMicros}_${cursor.id}`, 'utf8').toString('base64url');
}

/** @throws InvalidArgumentError (field page_token) for a token no page ended with. */
export function decodeSessionPageToken(token: string): SessionCursor {
  const match = FORM.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || uuidOrNull(match[2]!) === null) {
    throw new InvalidArgumentError('page_token', 'is not a next_page_token of ListSessions: pass the one the previous page returned, or none for the first page');
  }
  return { createdAtMicros: match[1]!, id: match[2]! };
}
