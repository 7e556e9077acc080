import { Option } from 'commander';
import { InvalidArgumentError } from '../lib/core/errors';
import type { IntegerRange } from '../lib/session/session-limits';

/** Commander option parser for an integer in a range; the error names the option as typed. */
export function integerIn(option: string, range: IntegerRange): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || parsed < range.min || parsed > range.max) {
      throw new InvalidArgumentError(option, `must be an integer in ${rangeText(range)}, got "${value}"`);
    }
    return parsed;
  };
}

export function rangeText(range: IntegerRange): string {
  return `${range.min}..${range.max}`;
}

/**
 * An integer option whose help text shows its range and default from the module that holds
 * them (never retyped here), parsed against the same range. `defaultText` is only shown: the
 * default is applied where it is defined (a schema, a service), so an unset flag stays unset.
 */
export function integerOption(flags: string, what: string, range: IntegerRange, defaultText?: string | number): Option {
  const name = flags.split(' ')[0]!;
  // Worded as commander words the defaults it applies itself, so all options read alike.
  const shown = defaultText === undefined ? '' : ` (default: ${defaultText})`;
  return new Option(flags, `${what}, ${rangeText(range)}${shown}`).argParser(integerIn(name, range));
}

/** Help text naming the allowed values, the default marked: "ddpg (default) | ddpg++ | random". */
export function choicesText(values: readonly string[], defaultValue: string): string {
  return values.map((v) => (v === defaultValue ? `${v} (default)` : v)).join(' | ');
}

/** Progress and human notes go to stderr; stdout is for answers other programs may read. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A TCP port; 0 asks the system for a free one. */
export const PORT_RANGE: IntegerRange = { min: 0, max: 65535 };

/**
 * `--workloads DIR`, repeatable: folders the collector takes custom pgbench scripts from,
 * besides the project's workloads/.
 */
export function workloadsOption(): Option {
  return new Option('--workloads <dir>', "a folder of custom pgbench scripts (.sql) besides the project's workloads/; repeatable")
    .argParser((dir: string, previous: string[] = []) => [...previous, dir])
    .default([]);
}
