import { describe, expect, it } from 'vitest';
import { SearchCountCache } from '../src/modules/projects/search-count-cache.ts';

describe('search count cache (issue 6)', () => {
  it('counts once per key and TTL, shares a running count, keeps apart different keys', async () => {
    let now = 0;
    const cache = new SearchCountCache(
      () => 30_000,
      () => now,
    );
    let counts = 0;
    const count = async () => {
      counts += 1;
      await new Promise((r) => setTimeout(r, 5));
      return 42 + counts;
    };
    const [a, b] = await Promise.all([cache.get({ q: '光伏' }, count), cache.get({ q: '光伏' }, count)]);
    expect([a, b, counts]).toEqual([43, 43, 1]);
    now = 29_999;
    expect(await cache.get({ q: '光伏' }, count)).toBe(43);
    expect(await cache.get({ q: '水库' }, count)).toBe(44);
    now = 30_000;
    expect(await cache.get({ q: '光伏' }, count)).toBe(45);
    expect(counts).toBe(3);
  });

  it('does not keep a failed count, and counts every time when the TTL is 0', async () => {
    let ttl = 30_000;
    const cache = new SearchCountCache(() => ttl);
    await expect(cache.get('k', () => Promise.reject(new Error('statement timeout')))).rejects.toThrow('timeout');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('k', () => Promise.resolve(7))).toBe(7);
    ttl = 0;
    expect(await cache.get('k', () => Promise.resolve(8))).toBe(8);
    expect(await cache.get('k', () => Promise.resolve(9))).toBe(9);
  });
});
