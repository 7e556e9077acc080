import type { KnobUnit } from './knob-spec';

// PostgreSQL's own unit names (case-sensitive, as the server parses them) and their size in
// bytes or microseconds. Base units are a subset: '8kB' is a page, the unit of shared_buffers.
const MEMORY_BYTES: Readonly<Record<string, number>> = {
  B: 1,
  kB: 1024,
  '8kB': 8192,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};
const TIME_US: Readonly<Record<string, number>> = {
  us: 1,
  ms: 1_000,
  s: 1_000_000,
  min: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
};
// Largest first: a value is shown in the largest unit it fills at least once.
const MEMORY_DISPLAY = ['TB', 'GB', 'MB', 'kB'] as const;
const TIME_DISPLAY = ['d', 'h', 'min', 's', 'ms', 'us'] as const;

type UnitKind = 'memory' | 'time' | 'none';

// Pages of a non-default block size ("16kB") as pg_settings reports them on such builds.
const PAGE_UNIT = /^(\d+)kB$/;

function kindOf(unit: string): UnitKind {
  if (Object.hasOwn(MEMORY_BYTES, unit) || PAGE_UNIT.test(unit)) return 'memory';
  if (Object.hasOwn(TIME_US, unit)) return 'time';
  return 'none';
}

/** Size of one unit in its kind's smallest measure (bytes or microseconds); 1 for unitless. */
function magnitude(unit: string): number {
  if (Object.hasOwn(MEMORY_BYTES, unit)) return MEMORY_BYTES[unit]!;
  if (Object.hasOwn(TIME_US, unit)) return TIME_US[unit]!;
  const page = PAGE_UNIT.exec(unit);
  return page ? Number(page[1]) * 1024 : 1;
}

/** How many whole base units fit in `bytes` (for ranges written as fractions of RAM). */
export function bytesToUnits(bytes: number, unit: KnobUnit): number {
  return Math.floor(bytes / magnitude(unit));
}

/**
 * Bytes in one `unit` of memory, from pg_settings' unit text: "kB" -> 1024, "8kB" -> 8192
 * (shared_buffers counts pages). Undefined for units that are not sizes ("ms", "").
 */
export function memoryUnitBytes(unit: string): number | undefined {
  return kindOf(unit) === 'memory' ? magnitude(unit) : undefined;
}

/** `value` of a memory `unit` in bytes; takes pg_settings' unit text as well as a KnobUnit. */
export function unitsToBytes(value: number, unit: string): number {
  return value * magnitude(unit);
}

/**
 * "64MB" -> 65536 for a kB knob (unrounded: integer knobs round, as PostgreSQL does).
 * Returns undefined when the unit is unknown or of another kind (ms for a memory knob).
 */
export function convertToBaseUnit(amount: number, inputUnit: string, baseUnit: KnobUnit): number | undefined {
  const kind = kindOf(inputUnit);
  if (kind === 'none' || kind !== kindOf(baseUnit)) return undefined;
  return (amount * magnitude(inputUnit)) / magnitude(baseUnit);
}

/** A value with a unit of the knob's kind, for messages that say what may be typed. */
export function exampleWithUnit(unit: KnobUnit): string {
  return kindOf(unit) === 'time' ? '5min' : '64MB';
}

/**
 * A whole number of base units exactly, in the largest unit that holds it as a whole number:
 * 65536 kB -> "64MB", 900 s -> "15min", 1501 kB -> "1501kB", 3 pages of 8kB -> "24kB". For
 * settings written out (ALTER SYSTEM, postgresql.conf), so never rounded. Undefined for
 * unitless knobs and for values that are not whole positive numbers.
 */
export function formatWholeUnits(value: number, unit: KnobUnit): string | undefined {
  const kind = kindOf(unit);
  if (kind === 'none' || !Number.isSafeInteger(value) || value <= 0) return undefined;
  for (const candidate of kind === 'memory' ? MEMORY_DISPLAY : TIME_DISPLAY) {
    const perUnit = convertToBaseUnit(1, candidate, unit)!;
    const amount = value / perUnit;
    if (amount >= 1 && Number.isSafeInteger(amount) && convertToBaseUnit(amount, candidate, unit) === value) return `${amount}${candidate}`;
  }
  return undefined;
}

/** 65536 kB -> "64MB"; 300 s -> "5min"; at most two decimals; '' for unitless knobs. */
export function formatHuman(value: number, unit: KnobUnit): string {
  const kind = kindOf(unit);
  if (kind === 'none') return '';
  const smallest = value * magnitude(unit);
  const display = kind === 'memory' ? MEMORY_DISPLAY : TIME_DISPLAY;
  // Too small for every display unit (0, mostly): shown in the knob's own unit where possible.
  const fallback = display.find((u) => u === unit) ?? display[display.length - 1]!;
  const chosen = display.find((u) => Math.abs(smallest) >= magnitude(u)) ?? fallback;
  const shown = Math.round((smallest / magnitude(chosen)) * 100) / 100;
  return `${shown}${chosen}`;
}
