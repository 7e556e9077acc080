import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import { parseConfLines } from '../../knobs/postgresql-conf-lines';
import { checkStartKnobPermissions, parseStartConfig } from '../../knobs/start-config';

const NONE = { allowRestart: false, allowDurabilityRisk: false, canRestart: true };
const parse = (text: string, permissions = NONE) => parseStartConfig(text, 'start.conf', permissions);
const refusal = (text: string, permissions = NONE) => {
  try {
    parse(text, permissions);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return (err as InvalidArgumentError).message;
  }
  throw new Error('expected a refusal');
};

describe('parseConfLines (postgresql.conf syntax)', () => {
  it('reads bare and quoted values, comments, blank lines and doubled quotes, with line numbers', () => {
    const text = [
      '# a comment',
      '',
      "work_mem = '64MB'   # old: 4MB",
      '  checkpoint_timeout=30s',
      'Jit = on#trailing',
      "application_name = 'it''s \\\\ here'",
    ].join('\n');
    expect(parseConfLines(text, 'f')).toEqual([
      { line: 3, name: 'work_mem', value: '64MB' },
      { line: 4, name: 'checkpoint_timeout', value: '30s' },
      { line: 5, name: 'jit', value: 'on' },
      { line: 6, name: 'application_name', value: "it's \\ here" },
    ]);
  });

  it('refuses a line that is not a setting, naming the file and line and what is allowed', () => {
    for (const [line, why] of [
      ['work_mem 64MB', /is not a setting line; allowed: blank lines, # comments and name = value/],
      ["work_mem = '64MB", /is not a setting line/],
      ['work_mem = 64 MB', /is not a setting line/],
      ["work_mem = '1'; DROP TABLE x", /is not a setting line/],
      ["include 'other.conf'", /include directives are not followed/],
      ['work_mem = \u0007', /holds a control character/],
    ] as const) {
      expect(() => parseConfLines(`# first\n${line}`, 'my.conf')).toThrow(new RegExp(`^my\\.conf:2: .*${why.source}`));
    }
  });

  it('refuses text far larger than a configuration snippet', () => {
    expect(() => parseConfLines('#'.repeat(70_000), 'big.conf')).toThrow(/^big\.conf: is larger than 64 kB/);
  });
});

describe('parseStartConfig (checked by the knob catalog)', () => {
  it('returns catalog knobs with canonical base-unit values, tuned or not', () => {
    expect(parse("work_mem = '4MB'\nmax_wal_size = 1GB\ncheckpoint_timeout = '5min'\njit = false\nrandom_page_cost = 1.1")).toEqual([
      { name: 'work_mem', value: '4096' },
      { name: 'max_wal_size', value: '1024' },
      { name: 'checkpoint_timeout', value: '300' },
      { name: 'jit', value: 'off' },
      { name: 'random_page_cost', value: '1.1' },
    ]);
  });

  it('refuses an unknown knob, naming the line and the knobs allowed', () => {
    expect(refusal('work_mem = 64kB\nshared_preload_libraries = x')).toMatch(
      /^start\.conf:2: shared_preload_libraries is not a knob of the catalog; allowed: work_mem, .*jit/,
    );
  });

  it('refuses fsync and full_page_writes with the reason', () => {
    expect(refusal('fsync = off')).toMatch(/^start\.conf:1: fsync=off can corrupt the database/);
    expect(refusal('full_page_writes = off')).toMatch(/^start\.conf:1: full_page_writes=off can leave torn pages/);
  });

  it('refuses a knob set twice, naming both lines', () => {
    expect(refusal('work_mem = 64kB\n# again\nwork_mem = 1MB')).toMatch(/^start\.conf:3: work_mem is already set on line 1; set each knob once/);
  });

  it('refuses a value of the wrong type or unit, naming the knob and what it takes', () => {
    expect(refusal('work_mem = lots')).toMatch(/^start\.conf:1: work_mem: "lots" is not a whole number of kB \(or with a unit, like/);
    expect(refusal('checkpoint_timeout = 5parsecs')).toMatch(/^start\.conf:1: checkpoint_timeout: "5parsecs" is not/);
    expect(refusal('jit = maybe')).toMatch(/^start\.conf:1: jit: "maybe" is not allowed; allowed: off, on/);
  });

  it('needs allow_restart for a restart knob and allow_durability_risk for a durability knob', () => {
    expect(refusal('shared_buffers = 128MB')).toMatch(/^start\.conf:1: shared_buffers takes effect only after a server restart: set allow_restart/);
    expect(parse('shared_buffers = 128MB', { ...NONE, allowRestart: true })).toEqual([{ name: 'shared_buffers', value: '16384' }]);
    expect(refusal('synchronous_commit = off')).toMatch(/^start\.conf:1: synchronous_commit \(may-lose-commits\) may lose the last commits/);
    expect(parse('synchronous_commit = off', { ...NONE, allowDurabilityRisk: true })).toEqual([{ name: 'synchronous_commit', value: 'off' }]);
  });

  it('refuses a file that sets nothing', () => {
    expect(refusal('# only a comment\n')).toMatch(/^start\.conf: sets no knob/);
  });

  it('reads workloads/misconfigured.conf: the documented misconfiguration, at the catalog floors', () => {
    const file = path.join(__dirname, '../../workloads/misconfigured.conf');
    expect(parseStartConfig(readFileSync(file, 'utf8'), file, NONE)).toEqual([
      { name: 'max_wal_size', value: '256' },
      { name: 'checkpoint_timeout', value: '30' },
      { name: 'work_mem', value: '64' },
      { name: 'max_parallel_workers_per_gather', value: '0' },
    ]);
  });
});

describe('checkStartKnobPermissions (the collector catalog, at Open)', () => {
  it('names start_knobs[i] for an unknown, restart or durability knob', () => {
    const knobs = (names: string[]) => names.map((name) => ({ name, value: '1' }));
    expect(() => checkStartKnobPermissions(knobs(['work_mem', 'nope']), KNOB_CATALOG, NONE)).toThrow(/^start_knobs\[1\]: "nope" is not a knob/);
    expect(() => checkStartKnobPermissions(knobs(['fsync']), KNOB_CATALOG, NONE)).toThrow(/^start_knobs\[0\]: fsync=off/);
    expect(() => checkStartKnobPermissions(knobs(['wal_buffers']), KNOB_CATALOG, { ...NONE, allowRestart: true, canRestart: false })).toThrow(
      /^start_knobs\[0\]: wal_buffers takes effect only after a server restart: the collector may not restart its server/,
    );
    expect(() => checkStartKnobPermissions(knobs(['synchronous_commit']), KNOB_CATALOG, NONE)).toThrow(/^start_knobs\[0\]: synchronous_commit/);
    expect(() => checkStartKnobPermissions(knobs(['work_mem', 'max_wal_size']), KNOB_CATALOG, NONE)).not.toThrow();
  });
});
