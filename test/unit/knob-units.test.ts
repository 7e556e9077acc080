import { describe, expect, it } from 'vitest';
import { bytesToUnits, convertToBaseUnit, formatHuman, formatWholeUnits, memoryUnitBytes, unitsToBytes } from '../../knobs/knob-units';

describe('knob units', () => {
  it('reads pg_settings memory units, and no other kind', () => {
    expect(['B', 'kB', '8kB', '16kB', 'MB', 'GB'].map(memoryUnitBytes)).toEqual([1, 1024, 8192, 16384, 1024 ** 2, 1024 ** 3]);
    expect(['ms', 's', '', 'none', 'mb', 'constructor'].map(memoryUnitBytes)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('converts PostgreSQL unit names to a base unit, refusing other kinds', () => {
    expect(convertToBaseUnit(64, 'MB', 'kB')).toBe(65536);
    expect(convertToBaseUnit(1, 'GB', '8kB')).toBe(131072);
    expect(convertToBaseUnit(100, 'kB', '8kB')).toBe(12.5);
    expect(convertToBaseUnit(5, 'min', 's')).toBe(300);
    expect(convertToBaseUnit(1.5, 's', 'ms')).toBe(1500);
    expect(convertToBaseUnit(500, 'us', 'ms')).toBe(0.5);
    expect(convertToBaseUnit(1, 'ms', 'kB')).toBeUndefined();
    expect(convertToBaseUnit(1, 'mb', 'kB')).toBeUndefined();
    expect(convertToBaseUnit(1, 'MB', 'none')).toBeUndefined();
    expect(convertToBaseUnit(1, 'constructor', 'kB')).toBeUndefined();
  });

  it('writes whole values exactly, in the largest unit that holds them whole', () => {
    expect(formatWholeUnits(65536, 'kB')).toBe('64MB');
    expect(formatWholeUnits(1572864, 'kB')).toBe('1536MB');
    expect(formatWholeUnits(1501, 'kB')).toBe('1501kB');
    expect(formatWholeUnits(3, '8kB')).toBe('24kB');
    expect(formatWholeUnits(900, 's')).toBe('15min');
    expect(formatWholeUnits(86400, 's')).toBe('1d');
    expect(formatWholeUnits(200, 'ms')).toBe('200ms');
    expect([formatWholeUnits(0, 'kB'), formatWholeUnits(-1, '8kB'), formatWholeUnits(1.5, 'kB'), formatWholeUnits(10, 'none')]).toEqual([
      undefined, undefined, undefined, undefined,
    ]);
  });

  it('shows values in the largest unit they fill', () => {
    expect(formatHuman(64, 'kB')).toBe('64kB');
    expect(formatHuman(1048576, 'kB')).toBe('1GB');
    expect(formatHuman(16384, '8kB')).toBe('128MB');
    expect(formatHuman(41943, 'kB')).toBe('40.96MB');
    expect(formatHuman(3600, 's')).toBe('1h');
    expect(formatHuman(200, 'ms')).toBe('200ms');
    expect(formatHuman(0, 'ms')).toBe('0ms');
    expect(formatHuman(0, '8kB')).toBe('0kB');
    expect(formatHuman(0.9, 'none')).toBe('');
  });

  it('turns bytes into whole base units and back, including other block sizes', () => {
    expect(bytesToUnits(1024 ** 3, '8kB')).toBe(131072);
    expect(bytesToUnits(1000, 'kB')).toBe(0);
    expect(unitsToBytes(2, '16kB')).toBe(32768);
    expect(unitsToBytes(3, 'MB')).toBe(3 * 1024 ** 2);
  });
});
