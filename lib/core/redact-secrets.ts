/**
 * Removes passwords from text about to be stored: the userinfo password of any URL
 * (postgres://user:secret@host -> postgres://user@host), `password=...` in key=value
 * connection strings and environment dumps, and "password" members of JSON. A second line of
 * defence behind PgTarget.describe(): an error message from some other layer that quotes a
 * DSN must not put its password into the metadata store.
 */
export function redactSecrets(text: string): string {
  return text
    // The password runs to the LAST "@" of the token: a raw "@" or "/" in a password is
    // invalid URL syntax, but users type it, and cutting at the first one would store the
    // rest. Cutting too much (a later "@" in a query string) only hides a host: the safe side.
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']*):[^\s"']*@/gi, '$1@')
    .replace(/\b((?:PG)?PASSWORD\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'",;&]+)/gi, '$1[redacted]')
    .replace(/("(?:pg)?password"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"');
}

/** JSON text for a jsonb parameter, with secrets redacted (node-postgres would turn arrays into PostgreSQL arrays). */
export function toStoredJson(value: unknown): string {
  return redactSecrets(JSON.stringify(value ?? null));
}
