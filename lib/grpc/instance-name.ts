import { InvalidArgumentError } from '../core/errors';

/** Instance names: what a person types in `--instance`, and a safe label in logs and paths. */
const INSTANCE_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const INSTANCE_NAME_MAX = 63;

/**
 * Returns the name when it is 1..63 characters of [a-z0-9][a-z0-9_-]*.
 * @throws InvalidArgumentError naming `field` and the allowed form.
 */
export function checkInstanceName(name: string, field = 'name'): string {
  if (!name) throw new InvalidArgumentError(field, 'is required: 1-63 characters of [a-z0-9][a-z0-9_-]*');
  if (name.length > INSTANCE_NAME_MAX) {
    throw new InvalidArgumentError(field, `is ${name.length} characters long; at most ${INSTANCE_NAME_MAX} are allowed`);
  }
  if (!INSTANCE_NAME.test(name)) {
    throw new InvalidArgumentError(field, `"${name}" must match [a-z0-9][a-z0-9_-]* (lower-case letters, digits, _ and -, starting with a letter or digit)`);
  }
  return name;
}
