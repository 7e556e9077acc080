import { InvalidArgumentError } from '../core/errors';

// Lower-case, unquoted-style names only: what a user would type anyway, and nothing that
// needs escaping, so a name checked here can be written into DDL that takes no parameters.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A schema or database name ready for SQL text (CREATE DATABASE and schema-qualified table
 * names cannot be bind parameters). Quoted so that reserved words ("user") still work.
 * @throws InvalidArgumentError naming `field` when the name is not a plain identifier.
 */
export function quoteIdentifier(name: string, field: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new InvalidArgumentError(
      field,
      `"${name}" is not allowed: use 1-63 lower-case letters, digits and _, not starting with a digit`,
    );
  }
  return `"${name}"`;
}
