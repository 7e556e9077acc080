import { expect } from 'vitest';
import type { CliResult } from './run-cli-in-process';

/** The one line a failed command prints, checked to be one line without a stack trace. */
export function oneLineError(result: CliResult): string {
  expect(result.code).not.toBe(0);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result.stderr.trim();
}
