/** The SQLSTATE codes the store branches on (never the message text). */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  duplicateDatabase: '42P04',
  invalidCatalogName: '3D000',
  insufficientPrivilege: '42501',
  /** A text parameter PostgreSQL cannot store, such as a NUL character. */
  characterNotInRepertoire: '22021',
} as const;

/** The SQLSTATE of a PostgreSQL error, undefined for anything else. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
