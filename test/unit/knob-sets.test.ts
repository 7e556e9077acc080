import { describe, expect, it } from 'vitest';
import { KNOB_CATALOG } from '../../knobs/knob-catalog';
import { allowsRestart, knownKnobsHint, resolveKnobSet, type KnobSetMember } from '../../knobs/knob-sets';

const OPTIONS = { allowRestart: false, allowDurabilityRisk: false, canRestart: true, collectorAddress: '127.0.0.1:7002' };
const names = (knobs: readonly KnobSetMember[]) => knobs.map((k) => k.name);
const resolve = (requested: string[], options: Partial<typeof OPTIONS> = {}) => names(resolveKnobSet(requested, KNOB_CATALOG, { ...OPTIONS, ...options }));

const DEFAULT_SET = ['work_mem', 'maintenance_work_mem', 'checkpoint_completion_target', 'effective_cache_size', 'wal_writer_delay', 'checkpoint_timeout'];

describe('resolveKnobSet over the knob catalog', () => {
  it('takes the default set of the original thesis when no knob is named, in catalog order', () => {
    expect(resolve([])).toEqual(DEFAULT_SET);
    expect(resolve(['default'])).toEqual(DEFAULT_SET);
  });

  it('makes the extended set the default set plus the extended knobs, restart knobs included, without durability knobs', () => {
    const extended = resolve(['extended']);
    expect(extended.slice(0, 6)).toEqual(DEFAULT_SET);
    expect(extended.slice(6)).toEqual([
      'shared_buffers', 'max_wal_size', 'wal_buffers', 'commit_delay', 'random_page_cost',
      'effective_io_concurrency', 'bgwriter_lru_maxpages', 'max_parallel_workers_per_gather', 'jit',
    ]);
    expect(resolve(['extended'], { allowDurabilityRisk: true })).not.toContain('synchronous_commit');
  });

  it('keeps catalog order whatever order the names come in, and counts a repeated name once', () => {
    expect(resolve([' jit', 'random_page_cost ', 'work_mem', 'jit'])).toEqual(['work_mem', 'random_page_cost', 'jit']);
    expect(resolve(['default', 'synchronous_commit'], { allowDurabilityRisk: true })).toHaveLength(7);
  });

  it('names the unknown knob and its index, and lists what may be named', () => {
    expect(() => resolve(['work_mem', 'foo'])).toThrow(
      /^knobs\[1\]: "foo" is not a knob of the collector's catalog; known knobs: work_mem, .*jit, synchronous_commit; sets: default, extended$/,
    );
    expect(() => resolve(['constructor'])).toThrow(/knobs\[0\]: "constructor" is not a knob/);
  });

  it('refuses fsync and full_page_writes, saying why', () => {
    expect(() => resolve(['work_mem', 'fsync'])).toThrow('knobs[1]: fsync=off can corrupt the database');
    expect(() => resolve(['full_page_writes'])).toThrow(/knobs\[0\]: .*torn pages/);
  });

  it('refuses a restart knob named without allow_restart, and says what to do', () => {
    expect(() => resolve(['shared_buffers'])).toThrow(
      /knobs\[0\]: shared_buffers takes effect only after a server restart \(context postmaster\).*allow_restart.*--knobs/,
    );
    expect(resolve(['shared_buffers'], { allowRestart: true })).toEqual(['shared_buffers']);
    // Naming extended is the opt-in, for the other names of the request too.
    expect(resolve(['extended', 'shared_buffers'])).toContain('shared_buffers');
  });

  it('refuses durability knobs without the opt-in', () => {
    expect(() => resolve(['synchronous_commit'])).toThrow(/knobs\[0\]: synchronous_commit \(may-lose-commits\).*allow_durability_risk/);
    expect(resolve(['synchronous_commit'], { allowDurabilityRisk: true })).toEqual(['synchronous_commit']);
  });

  it('is a failed precondition to choose restart knobs on a server that may not restart', () => {
    for (const requested of [['extended'], ['shared_buffers']]) {
      expect(() => resolve(requested, { allowRestart: true, canRestart: false })).toThrow(
        expect.objectContaining({ code: 'FAILED_PRECONDITION', message: expect.stringMatching(/^shared_buffers(, wal_buffers)? take effect only after a restart.*may not restart its server/) }),
      );
    }
    expect(resolve(['default'], { canRestart: false })).toEqual(DEFAULT_SET);
  });
});

describe('resolveKnobSet over a collector catalog (GetKnobs)', () => {
  // What another collector version may answer: a restart knob in the default group, durability_risk left unset.
  const catalog: KnobSetMember[] = [
    { name: 'work_mem', groups: ['default'], restartRequired: false, durabilityRisk: '' },
    { name: 'huge_pages', groups: ['default'], restartRequired: true, durabilityRisk: 'none', context: 'postmaster' },
    { name: 'wal_level', groups: ['durability'], restartRequired: false, durabilityRisk: 'may-lose-commits', context: 'sighup' },
  ];
  const select = (requested: string[], options: Partial<typeof OPTIONS> = {}) => names(resolveKnobSet(requested, catalog, { ...OPTIONS, ...options }));

  it('leaves out of a set the knobs the request does not permit', () => {
    expect(select(['default'])).toEqual(['work_mem']);
    expect(select(['default'], { allowRestart: true })).toEqual(['work_mem', 'huge_pages']);
  });

  it("lists the collector's own knobs, names the knob's context, takes extended as the restart opt-in and refuses a set it has no knob of", () => {
    expect(() => select(['shared_buffers'])).toThrow(/known knobs: work_mem, huge_pages, wal_level; sets/);
    expect(() => select(['huge_pages'])).toThrow(/huge_pages takes effect only after a server restart \(context postmaster\)/);
    expect(select(['extended'])).toEqual(['work_mem', 'huge_pages']);
    expect(() => resolveKnobSet(['default'], catalog.slice(2), OPTIONS)).toThrow(
      expect.objectContaining({ code: 'FAILED_PRECONDITION', message: 'the collector at 127.0.0.1:7002 has no knob in the "default" set' }),
    );
  });

  it('refuses a request that leaves nothing to tune', () => {
    expect(() => resolveKnobSet(['default'], catalog.slice(1, 2), OPTIONS)).toThrow(/^knobs: no knob left to tune from default/);
  });
});

describe('allowsRestart', () => {
  it('is the explicit opt-in, or naming the extended set', () => {
    expect(allowsRestart(['default'], false)).toBe(false);
    expect(allowsRestart(['work_mem', ' extended '], false)).toBe(true);
    expect(allowsRestart(['shared_buffers'], false)).toBe(false);
    expect(allowsRestart([], true)).toBe(true);
  });
});

describe('knownKnobsHint', () => {
  it('lists the catalog and the sets', () => {
    expect(knownKnobsHint()).toMatch(/^known knobs: work_mem, maintenance_work_mem, .*, synchronous_commit; sets: default, extended$/);
  });
});
