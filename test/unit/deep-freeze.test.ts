import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../lib/core/deep-freeze';

describe('deepFreeze', () => {
  it('freezes the value and every object and array it holds, and returns the same value', () => {
    const value = { knobs: [{ name: 'work_mem', value: '16384' }], baseline: { tps: 100, latency: { p95Ms: 4 } }, summary: 'x' };
    expect(deepFreeze(value)).toBe(value);
    for (const part of [value, value.knobs, value.knobs[0], value.baseline, value.baseline.latency]) expect(Object.isFrozen(part)).toBe(true);
    expect(() => {
      (value.knobs as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('leaves primitives and null as they are', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBeNull();
    expect(deepFreeze('text')).toBe('text');
  });
});
