import { describe, expect, it } from 'vitest';
import { FinishedReportCache } from '../../services/recommendation/finished-report-cache';

/** A cache over a fake store: `versions` is what the store says now, `reads` every version read, `builds` every build. */
function cacheWith(options: { maxEntries?: number; recheckMs?: number }) {
  let clock = 0;
  const reads: string[] = [];
  const builds: string[] = [];
  const versions = new Map<string, string | undefined>();
  const cache = new FinishedReportCache<{ text: string }>(
    async (id) => {
      reads.push(id);
      return versions.get(id);
    },
    { ...options, now: () => clock },
  );
  /** Builds `${id}@${version}` from the version the store says now. */
  const build = (id: string) => async () => {
    builds.push(id);
    const version = versions.get(id);
    return { value: { text: `${id}@${version}` }, version };
  };
  const get = (id: string) => cache.getOrBuild(id, build(id)).then((v) => v.text);
  return { cache, reads, builds, versions, get, advance: (ms: number) => (clock += ms) };
}

describe('FinishedReportCache', () => {
  it('serves a kept answer without reading the version until the recheck interval has passed', async () => {
    const { reads, builds, versions, get, advance } = cacheWith({ recheckMs: 1000 });
    versions.set('a', 'v1');
    expect(await get('a')).toBe('a@v1');
    advance(999);
    expect(await get('a')).toBe('a@v1');
    expect(reads).toEqual([]);
    expect(builds).toEqual(['a']);
    advance(1);
    expect(await get('a')).toBe('a@v1');
    expect(reads).toEqual(['a']);
    expect(await get('a')).toBe('a@v1'); // checked again just now
    expect(reads).toEqual(['a']);
    expect(builds).toEqual(['a']);
  });

  it('builds again when the version changed or says not to keep, and passes on a failed read', async () => {
    const { cache, builds, versions, get, advance } = cacheWith({ recheckMs: 1000 });
    versions.set('a', 'v1');
    expect(await get('a')).toBe('a@v1');
    versions.set('a', 'v2'); // e.g. a decision taken through another process
    expect(await get('a')).toBe('a@v1'); // within the bound
    advance(1000);
    expect(await get('a')).toBe('a@v2');
    versions.set('a', undefined); // e.g. put back to pending: built on every call
    advance(1000);
    expect(await get('a')).toBe('a@undefined');
    expect(await get('a')).toBe('a@undefined');
    expect(builds).toEqual(['a', 'a', 'a', 'a']);
    const failing = new FinishedReportCache<string>(async () => Promise.reject(new Error('gone')), { recheckMs: 0 });
    expect(await failing.getOrBuild('c', async () => ({ value: 'report-c', version: 'v1' }))).toBe('report-c');
    await expect(failing.getOrBuild('c', async () => ({ value: 'rebuilt', version: 'v1' }))).rejects.toThrow('gone');
    expect(failing.size).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('lets calls that arrive meanwhile wait for the one build and the one version read under way', async () => {
    const { reads, builds, versions, get, advance } = cacheWith({ recheckMs: 1000 });
    versions.set('a', 'v1');
    expect(await Promise.all([get('a'), get('a'), get('a')])).toEqual(['a@v1', 'a@v1', 'a@v1']);
    expect(builds).toEqual(['a']);
    advance(1000);
    expect(await Promise.all([get('a'), get('a'), get('a')])).toEqual(['a@v1', 'a@v1', 'a@v1']);
    expect(reads).toEqual(['a']);
    expect(builds).toEqual(['a']);
  });

  it('disowns a build under way on delete: the next call builds afresh and the disowned answer is not kept', async () => {
    const { cache, builds, versions, get } = cacheWith({ recheckMs: 1000 });
    versions.set('a', 'v1');
    let release!: () => void;
    const slow = cache.getOrBuild('a', async () => {
      await new Promise<void>((r) => (release = r));
      return { value: { text: 'before the approval' }, version: 'v1' };
    });
    await Promise.resolve();
    cache.delete('a'); // what approveRecommendation does once the decision is stored
    const after = get('a');
    release();
    expect((await slow).text).toBe('before the approval');
    expect(await after).toBe('a@v1');
    expect(await get('a')).toBe('a@v1');
    expect(builds).toEqual(['a']);
  });

  it('freezes what it keeps and only that', async () => {
    const { cache } = cacheWith({ recheckMs: 1000 });
    const kept = await cache.getOrBuild('a', async () => ({ value: { text: 'kept' }, version: 'v1' }));
    const fresh = await cache.getOrBuild('b', async () => ({ value: { text: 'fresh' }, version: undefined }));
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(fresh)).toBe(false);
  });

  it('evicts the least recently used session past its size', async () => {
    const { cache, builds, versions, get } = cacheWith({ maxEntries: 2, recheckMs: 1000 });
    for (const id of ['a', 'b', 'c']) versions.set(id, 'v1');
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent
    await get('c');
    expect(cache.size).toBe(2);
    expect(builds).toEqual(['a', 'b', 'c']);
    await get('a');
    await get('c');
    expect(builds).toEqual(['a', 'b', 'c']);
    await get('b');
    expect(builds).toEqual(['a', 'b', 'c', 'b']);
  });
});
