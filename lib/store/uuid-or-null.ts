const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The text as a uuid parameter, or null when it cannot be one: `id = $1` with a malformed
 * uuid raises 22P02 instead of finding nothing, and callers want "not found".
 */
export function uuidOrNull(text: string): string | null {
  return UUID.test(text) ? text : null;
}
