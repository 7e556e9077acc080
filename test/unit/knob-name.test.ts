import { describe, expect, it } from 'vitest';
import { KNOB_NAME_MAX_LENGTH, isKnobName } from '../../knobs/knob-name';

describe('isKnobName', () => {
  it('takes setting and set names as pg_settings spells them, custom settings with one dot', () => {
    for (const name of ['work_mem', 'extended', 'pg_stat_statements.max', '_private', 'a'.repeat(KNOB_NAME_MAX_LENGTH)]) {
      expect(isKnobName(name)).toBe(true);
    }
  });

  it('refuses anything else, and a name longer than PostgreSQL keeps', () => {
    for (const name of ['', 'Work_Mem', 'work mem', 'work_mem; DROP TABLE x', '"work_mem"', 'a.b.c', '1st', 'a'.repeat(KNOB_NAME_MAX_LENGTH + 1)]) {
      expect(isKnobName(name)).toBe(false);
    }
  });
});
