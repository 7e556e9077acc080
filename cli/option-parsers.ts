import { InvalidArgumentError } from '../lib/core/errors';

/** Commander option parser for an integer in a range; the error names the option as typed. */
export function integerIn(option: string, range: { min: number; max: number }): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || parsed < range.min || parsed > range.max) {
      throw new InvalidArgumentError(option, `must be an integer in ${range.min}..${range.max}, got "${value}"`);
    }
    return parsed;
  };
}

export function rangeText(limits: { min: number; max: number }): string {
  return `${limits.min}..${limits.max}`;
}

/** Progress and human notes go to stderr; stdout is for answers other programs may read. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

export const PORT_RANGE = { min: 0, max: 65535 };
