import crypto from 'node:crypto';

/**
 * Totals of staff searches, kept per process for a short time (SEARCH_COUNT_CACHE_SECONDS, issue 6).
 *
 * The page of a search over a million projects costs a few milliseconds (it walks an index and stops after the page);
 * its total — counted up to 10,000 — costs 40–140 ms, and is the same for every page of the same filters and for every
 * user with the same filters and region scope. So a total is reused for a short while, and concurrent requests for the
 * same total share one count. A total may be that many seconds old (a search result list, not a statistic: the
 * dashboard's figures are exact). Bounded: the oldest entries go first.
 */
const MAX_ENTRIES = 2_000;

interface Entry {
  value: Promise<number>;
  expiresAt: number;
}

export class SearchCountCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** Read on every call, so a configuration change applies at once. */
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The total for `key` (any JSON-serialisable description of the filters and scope), counted at most once per TTL. */
  get(key: unknown, count: () => Promise<number>): Promise<number> {
    const ttlMs = this.ttlMs();
    if (ttlMs <= 0) return count();
    const id = crypto.createHash('sha1').update(JSON.stringify(key)).digest('base64');
    const now = this.now();
    const hit = this.entries.get(id);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = count();
    this.entries.delete(id);
    this.entries.set(id, { value, expiresAt: now + ttlMs });
    // A failed count is not kept: the next request counts again.
    value.catch(() => {
      if (this.entries.get(id)?.value === value) this.entries.delete(id);
    });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
