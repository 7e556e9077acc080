import { describe, expect, it } from 'vitest';
import { FinishedReportCache } from '../../services/recommendation/finished-report-cache';

function cacheWith(options: { maxEntries?: number; recheckMs?: number }) {
  let clock = 0;
  const reads: string[] = [];
  const finished = new Set<string>();
  const cache = new FinishedReportCache<string>(
    async (id) => {
      reads.push(id);
      return finished.has(id);
    },
    { ...options, now: () => clock },
  );
  return { cache, reads, finished, advance: (ms: number) => (clock += ms) };
}

describe('FinishedReportCache', () => {
  it('serves a kept answer without reading the status until the recheck interval has passed', async () => {
    const { cache, reads, finished, advance } = cacheWith({ recheckMs: 1000 });
    finished.add('a');
    cache.set('a', 'report-a');
    expect(await cache.get('a')).toBe('report-a');
    advance(999);
    expect(await cache.get('a')).toBe('report-a');
    expect(reads).toEqual([]);
    advance(1);
    expect(await cache.get('a')).toBe('report-a');
    expect(reads).toEqual(['a']);
    expect(await cache.get('a')).toBe('report-a'); // checked again just now
    expect(reads).toEqual(['a']);
  });

  it('stops serving a session that is no longer finished, and passes on a failed status read', async () => {
    const { cache, finished } = cacheWith({ recheckMs: 0 });
    cache.set('a', 'report-a');
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('missing')).toBeUndefined();
    finished.add('b');
    cache.set('b', 'report-b');
    expect(await cache.get('b')).toBe('report-b');
    const failing = new FinishedReportCache<string>(async () => Promise.reject(new Error('gone')), { recheckMs: 0 });
    failing.set('c', 'report-c');
    await expect(failing.get('c')).rejects.toThrow('gone');
  });

  it('evicts the least recently used session past its size', async () => {
    const { cache } = cacheWith({ maxEntries: 2, recheckMs: 1000 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(await cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C');
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('A');
    expect(await cache.get('c')).toBe('C');
  });
});
