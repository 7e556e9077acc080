import { describe, expect, it } from 'vitest';
import type { HostResources } from '../../knobs/host-resources';
import { findKnobSpec } from '../../knobs/knob-catalog';
import {
  alterSystemStatement,
  validateKnobSettings,
  type LiveKnob,
  type ValidatedKnob,
  type ValidationContext,
} from '../../services/collector/knobs/knob-validation';
import { InvalidArgumentError } from '../../lib/core/errors';

const GiB = 1024 ** 3;
const HOST: HostResources = { memoryBytes: 16 * GiB, cpus: 4, maxConnections: 100 };
const CTX: ValidationContext = { host: HOST, allowDurabilityRisk: false };

function live(name: string, row: Partial<LiveKnob>): LiveKnob {
  return {
    name, setting: '0', unit: null, context: 'user', vartype: 'integer', minVal: null, maxVal: null,
    enumvals: null, bootVal: null, resetVal: null, pendingRestart: false, ...row,
  };
}

function validate(settings: Record<string, string>, ctx: Partial<ValidationContext> = {}): ValidatedKnob[] {
  return validateKnobSettings(Object.entries(settings).map(([name, value]) => ({ name, value })), { ...CTX, ...ctx });
}

function rejection(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  throw new Error('expected an InvalidArgumentError');
}

const HOSTILE = [
  "work_mem; DROP TABLE x",
  'work_mem = 1; SELECT pg_sleep(10); --',
  '"work_mem"',
  'Work_Mem',
  'work_mem ',
  'work\u0000mem',
  '',
  'a'.repeat(64),
];

describe('validateKnobSettings', () => {
  it('returns canonical base-unit values and their escaped literals', () => {
    const out = validate({
      work_mem: '32MB', checkpoint_timeout: '5min', checkpoint_completion_target: ' 0.9 ',
      wal_writer_delay: '0.5s', jit: 'FALSE', shared_buffers: '1GB', random_page_cost: '1.1',
    });
    expect(out.map((v) => [v.name, v.value, v.sqlLiteral])).toEqual([
      ['work_mem', '32768', "'32768'"],
      ['checkpoint_timeout', '300', "'300'"],
      ['checkpoint_completion_target', '0.9', "'0.9'"],
      ['wal_writer_delay', '500', "'500'"],
      ['jit', 'off', "'off'"],
      ['shared_buffers', '131072', "'131072'"],
      ['random_page_cost', '1.1', "'1.1'"],
    ]);
    expect(out[0]!.spec).toBe(findKnobSpec('work_mem'));
  });

  it('states the safe range in the base unit and in human units', () => {
    const err = rejection(() => validate({ work_mem: '99999999' }));
    expect(err.field).toBe('knobs.work_mem');
    expect(err.message).toBe('knobs.work_mem: 99999999 kB is outside the safe range 64 kB .. 41943 kB (64kB .. 40.96MB)');
    expect(rejection(() => validate({ checkpoint_timeout: '2h' })).message).toBe(
      'knobs.checkpoint_timeout: "2h" = 7200 s is outside the safe range 30 s .. 3600 s (30s .. 1h)',
    );
    expect(rejection(() => validate({ checkpoint_completion_target: '0.99' })).message).toBe(
      'knobs.checkpoint_completion_target: 0.99 is outside the safe range 0.5 .. 0.95',
    );
    expect(rejection(() => validate({ wal_buffers: '-2' })).message).toMatch(/, or the special value -1$/);
  });

  it('accepts special values outside the range', () => {
    expect(validate({ wal_buffers: '-1', commit_delay: '0', bgwriter_lru_maxpages: '0' }).map((v) => v.value)).toEqual(['-1', '0', '0']);
  });

  it('accepts both edges of the safe range, and quotes the typed text only when it differs from the number', () => {
    expect(validate({ work_mem: '64', checkpoint_timeout: '3600' }).map((v) => v.value)).toEqual(['64', '3600']);
    expect(() => validate({ work_mem: '63' })).toThrow(/outside the safe range/);
    expect(rejection(() => validate({ checkpoint_timeout: ' 7200 ' })).message).toBe(
      'knobs.checkpoint_timeout: 7200 s is outside the safe range 30 s .. 3600 s (30s .. 1h)',
    );
  });

  it('takes a special value only within the live server\'s own limits', () => {
    const rows = new Map([['wal_buffers', live('wal_buffers', { unit: '8kB', setting: '512', minVal: '4', maxVal: '262143' })]]);
    expect(rejection(() => validate({ wal_buffers: '-1' }, { live: rows })).message).toMatch(/^knobs\.wal_buffers: -1 8kB is outside the safe range/);
    const stock = new Map([['wal_buffers', live('wal_buffers', { unit: '8kB', setting: '512', minVal: '-1', maxVal: '262143' })]]);
    expect(validate({ wal_buffers: '-1' }, { live: stock }).map((v) => v.value)).toEqual(['-1']);
  });

  it('rejects values of the wrong type or unit', () => {
    const bad: Record<string, string>[] = [
      { work_mem: 'abc' }, { work_mem: '1.5' }, { work_mem: '5min' }, { work_mem: '64 mb' }, { work_mem: '0x100' },
      { work_mem: '1e3' }, { work_mem: '' }, { checkpoint_completion_target: 'NaN' }, { checkpoint_completion_target: 'Infinity' },
      { checkpoint_completion_target: '0.9MB' }, { random_page_cost: '1e999' }, { jit: 'maybe' }, { work_mem: '9007199254740993' },
    ];
    for (const settings of bad) expect(() => validate(settings), JSON.stringify(settings)).toThrow(InvalidArgumentError);
    expect(rejection(() => validate({ work_mem: 'abc' })).message).toBe(
      'knobs.work_mem: "abc" is not a whole number of kB (or with a unit, like 64MB)',
    );
  });

  it('rejects names that are not plain identifiers before any lookup', () => {
    for (const name of HOSTILE) {
      const err = rejection(() => validateKnobSettings([{ name, value: '4096' }], CTX));
      expect(err.field).toBe('knobs');
      expect(err.message).toMatch(/is not a knob name/);
    }
    expect(rejection(() => validate({ 'work_mem; DROP TABLE x': '1' })).message).toBe(
      'knobs: "work_mem; DROP TABLE x" is not a knob name (lowercase letters, digits and _)',
    );
  });

  it('rejects settings whose name or value a request left unset', () => {
    expect(rejection(() => validateKnobSettings([{ value: '4096' }], CTX)).message).toBe('knobs: "" is not a knob name (lowercase letters, digits and _)');
    expect(rejection(() => validateKnobSettings([{ name: 'work_mem' }], CTX)).message).toBe(
      'knobs.work_mem: "" is not a whole number of kB (or with a unit, like 64MB)',
    );
  });

  it('rejects hostile values: only canonical numbers and whitelisted words come out', () => {
    const hostile = ["4096'; DROP TABLE x; --", "on'; DROP TABLE x; --", '4096 kB; SELECT 1', "0.9'", '$$', '\\'];
    for (const value of hostile) {
      expect(() => validate({ work_mem: value })).toThrow(InvalidArgumentError);
      expect(() => validate({ jit: value })).toThrow(InvalidArgumentError);
      expect(() => validate({ random_page_cost: value })).toThrow(InvalidArgumentError);
    }
  });

  it('rejects unknown, never-tunable and repeated knobs', () => {
    expect(rejection(() => validate({ foo: '1' })).message).toMatch(/^knobs\.foo: unknown knob; known knobs: work_mem,/);
    expect(rejection(() => validate({ fsync: 'off' })).message).toMatch(/^knobs\.fsync: fsync=off can corrupt/);
    expect(rejection(() => validate({ full_page_writes: 'off' })).field).toBe('knobs.full_page_writes');
    const twice = [{ name: 'work_mem', value: '4096' }, { name: 'work_mem', value: '8192' }];
    expect(rejection(() => validateKnobSettings(twice, CTX)).message).toBe('knobs.work_mem: given more than once');
  });

  it('tunes synchronous_commit only with the durability opt-in', () => {
    expect(rejection(() => validate({ synchronous_commit: 'off' })).message).toMatch(
      /^knobs\.synchronous_commit: may-lose-commits: .*allow_durability_risk$/,
    );
    expect(validate({ synchronous_commit: 'OFF' }, { allowDurabilityRisk: true })[0]!.value).toBe('off');
    expect(() => validate({ synchronous_commit: 'local' }, { allowDurabilityRisk: true })).toThrow(/allowed: off, on/);
  });

  it('narrows ranges and choices to the live server limits', () => {
    const rows = new Map([
      ['effective_io_concurrency', live('effective_io_concurrency', { minVal: '0', maxVal: '500' })],
      ['synchronous_commit', live('synchronous_commit', { vartype: 'enum', enumvals: ['on', 'local'] })],
      ['work_mem', live('work_mem', { unit: 'kB', setting: '4096', minVal: '64', maxVal: '2147483647' })],
    ]);
    expect(() => validate({ effective_io_concurrency: '800' }, { live: rows })).toThrow(/safe range 1 \.\. 500,/);
    expect(() => validate({ synchronous_commit: 'off' }, { live: rows, allowDurabilityRisk: true })).toThrow(/allowed: on$/);
    expect(() => validate({ jit: 'on' }, { live: rows })).toThrow(/jit: the server has no such setting/);
  });

  it('refuses a knob whose unit on the server differs from the catalog', () => {
    const rows = new Map([['shared_buffers', live('shared_buffers', { unit: '16kB', minVal: '16', maxVal: '1073741823' })]]);
    expect(() => validate({ shared_buffers: '16384' }, { live: rows })).toThrow(/reports integer in "16kB", the knob catalog expects integer in "8kB"/);
  });

  it('checks the memory budget across the request and the live values', () => {
    // 6 GiB shared_buffers + 40 MB x 100 work_mem + 2 GB x (3 + 1) maintenance = ~18 GiB > 80% of 16 GiB
    const settings = { shared_buffers: '6GB', work_mem: '40MB', maintenance_work_mem: '2GB' };
    expect(rejection(() => validate(settings)).message).toMatch(
      /^knobs: the memory budget is exceeded: shared_buffers 6GB \+ wal_buffers 16MB \+ work_mem 40MB x 100 connections \+ autovacuum 2GB x 3 workers \+ maintenance_work_mem 2GB = 17.92GB > 80% of RAM \(12.8GB\)$/,
    );
    expect(validate({ shared_buffers: '4GB', work_mem: '32MB', maintenance_work_mem: '1GB' })).toHaveLength(3);
    // The live server's own shared_buffers counts when the request leaves it alone.
    const rows = new Map([
      ['shared_buffers', live('shared_buffers', { unit: '8kB', setting: String((6 * GiB) / 8192) })],
      ['autovacuum_max_workers', live('autovacuum_max_workers', { setting: '10' })],
      ['work_mem', live('work_mem', { unit: 'kB', setting: '4096' })],
      ['maintenance_work_mem', live('maintenance_work_mem', { unit: 'kB', setting: '65536' })],
      ['jit', live('jit', { vartype: 'bool', setting: 'on' })],
    ]);
    expect(() => validate({ work_mem: '40MB' }, { live: rows })).not.toThrow();
    expect(() => validate({ maintenance_work_mem: '1GB' }, { live: rows })).toThrow(/autovacuum 1GB x 10 workers/);
    // A change that does not touch memory is never refused for the configuration already running.
    expect(() => validate({ jit: 'off' }, { host: { ...HOST, memoryBytes: 1 * GiB }, live: rows })).not.toThrow();
  });
});

describe('alterSystemStatement', () => {
  it('builds the statement from the catalog name and the escaped canonical value', () => {
    const [workMem, jit, cct] = validate({ work_mem: '32MB', jit: 'off', checkpoint_completion_target: '0.7' });
    expect(alterSystemStatement(workMem!)).toBe(`ALTER SYSTEM SET "work_mem" = '32768'`);
    expect(alterSystemStatement(jit!)).toBe(`ALTER SYSTEM SET "jit" = 'off'`);
    expect(alterSystemStatement(cct!)).toBe(`ALTER SYSTEM SET "checkpoint_completion_target" = '0.7'`);
  });

  it('refuses a hand-built or altered knob, so hostile text never reaches SQL', () => {
    const [good] = validate({ work_mem: '4096' });
    const forged: ValidatedKnob[] = [
      { ...good!, name: 'work_mem; DROP TABLE x' },
      { ...good!, name: 'fsync', value: 'off', sqlLiteral: "'off'" },
      { ...good!, value: "4096'; DROP TABLE x; --", sqlLiteral: "'4096'; DROP TABLE x; --'" },
      { ...good!, sqlLiteral: "'4096'; DROP TABLE x; --" },
      { ...good!, value: '1e3', sqlLiteral: "'1e3'" },
      { ...good!, spec: findKnobSpec('jit')! },
      { ...validate({ jit: 'on' })[0]!, value: 'yes', sqlLiteral: "'yes'" },
      // A value of another knob's enum, or a spelling instead of pg_settings' value.
      { ...validate({ jit: 'on' })[0]!, value: 'local', sqlLiteral: "'local'" },
      { ...validate({ synchronous_commit: 'on' }, { allowDurabilityRisk: true })[0]!, value: 'true', sqlLiteral: "'true'" },
      // A value with no canonical form, whose literal is what escaping nothing gives.
      { ...good!, value: 'lots', sqlLiteral: "''" },
    ];
    for (const knob of forged) expect(() => alterSystemStatement(knob), JSON.stringify(knob.name)).toThrow(/refusing ALTER SYSTEM/);
  });
});

describe('long values (issue 9, item 6)', () => {
  it('refuses a 40 KB value by its length, before any pattern, in well under a second', () => {
    for (const [name, value] of [['work_mem', '1'.repeat(40_000) + 'x'], ['work_mem', `${'9'.repeat(40_000)}.`], ['jit', 'o'.repeat(40_000)]] as const) {
      const started = performance.now();
      const err = rejection(() => validate({ [name]: value }));
      // The requirement itself (the quadratic patterns took 11.6 s on 40 KB), not a figure.
      expect(performance.now() - started).toBeLessThan(1000);
      expect(err.field).toBe(`knobs.${name}`);
      expect(err.message).toMatch(/longer than 64 characters \(4000[01]\)/);
    }
  });

  it('still takes a value of the longest length allowed', () => {
    expect(validate({ work_mem: `${'0'.repeat(60)}4096` })[0]!.value).toBe('4096');
  });
});

describe('validateKnobSettings with trusted (original) values', () => {
  // work_mem's safe range on HOST tops out far below 4 GB; a DBA may still have chosen it.
  const original = String(4 * 1024 * 1024); // 4 GB in kB
  const trusted = new Map([
    ['work_mem', original],
    ['jit', 'on'],
  ]);

  it('puts back an original outside the safe range, exactly as it was', () => {
    expect(() => validate({ work_mem: original })).toThrow(/outside the safe range/);
    expect(validate({ work_mem: original }, { trusted }).map((v) => v.value)).toEqual([original]);
    expect(validate({ work_mem: '4GB' }, { trusted }).map((v) => v.value)).toEqual([original]);
  });

  it('trusts only the original value itself: a neighbour outside the range is still refused', () => {
    expect(() => validate({ work_mem: String(4 * 1024 * 1024 + 1) }, { trusted })).toThrow(/knobs\.work_mem.*outside the safe range/);
    expect(() => validate({ work_mem: original }, { trusted: new Map([['maintenance_work_mem', original]]) })).toThrow(/outside the safe range/);
  });

  it('keeps the memory budget for anything but a complete restore of trusted values', () => {
    const budget = { work_mem: original, maintenance_work_mem: String(2 * 1024 * 1024) };
    const both = new Map([...trusted, ['maintenance_work_mem', budget.maintenance_work_mem]]);
    expect(validate(budget, { trusted: both }).map((v) => v.name)).toEqual(['work_mem', 'maintenance_work_mem']);
    // One trusted value beside a tuned one: the total must fit the budget again.
    expect(() => validate({ work_mem: original, maintenance_work_mem: '65536' }, { trusted })).toThrow(/memory budget/);
  });

  it('takes a trusted choice value back even where the allowed list would not', () => {
    expect(validate({ jit: ' on ' }, { trusted }).map((v) => v.value)).toEqual(['on']);
    expect(validate({ jit: 'off' }, { trusted }).map((v) => v.value)).toEqual(['off']);
  });

  it('puts back an enum original a tuner may not choose, and ALTER SYSTEM renders it (synchronous_commit = local)', () => {
    const durable = { allowDurabilityRisk: true };
    for (const original of ['local', 'remote_write', 'remote_apply']) {
      expect(() => validate({ synchronous_commit: original }, durable)).toThrow(/allowed: off, on/);
      const [knob] = validate({ synchronous_commit: original.toUpperCase() }, { ...durable, trusted: new Map([['synchronous_commit', original]]) });
      expect(knob!.value).toBe(original);
      expect(alterSystemStatement(knob!)).toBe(`ALTER SYSTEM SET "synchronous_commit" = '${original}'`);
    }
  });

  it("takes PostgreSQL's other spellings of an original, and nothing PostgreSQL would not take", () => {
    const on = { allowDurabilityRisk: true, trusted: new Map([['synchronous_commit', 'on']]) };
    expect(validate({ synchronous_commit: 'true' }, on)[0]!.value).toBe('on');
    expect(validate({ synchronous_commit: 'Yes' }, on)[0]!.value).toBe('on');
    // A record edited by hand cannot make any text trusted.
    const forged = "local'; DROP TABLE x; --";
    const edited = { allowDurabilityRisk: true, trusted: new Map([['synchronous_commit', forged]]) };
    expect(() => validate({ synchronous_commit: forged }, edited)).toThrow(/knobs\.synchronous_commit: .* is not allowed; allowed: off, on/);
    expect(() => validate({ jit: 'maybe' }, { trusted: new Map([['jit', 'maybe']]) })).toThrow(/knobs\.jit: "maybe" is not allowed/);
  });
});
