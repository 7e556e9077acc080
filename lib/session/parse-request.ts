import type { z } from 'zod';
import { InvalidArgumentError } from '../core/errors';

/**
 * Parses `input` with `schema`: the result with every default applied, or an
 * InvalidArgumentError for the first problem, naming the field as the proto spells it
 * (`benchmark.scripts[0].weight`, `verify_repeats`) under `prefix`, with the schema's message.
 *
 * @throws InvalidArgumentError
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new InvalidArgumentError(fieldName(prefix, issue.path), issue.message);
}

/** ['benchmark', 'scripts', 0, 'durationS'] -> benchmark.scripts[0].duration_s */
function fieldName(prefix: string, path: readonly PropertyKey[]): string {
  let name = prefix;
  for (const key of path) {
    if (typeof key === 'number') name += `[${key}]`;
    else name += `${name ? '.' : ''}${String(key).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
  }
  return name || 'request';
}
