import type { Db } from '../../db/database.ts';
import { findRegionPaths } from './projects.repository.ts';

/**
 * The staff search's and the 公示 list's view of the regions (issue 6): every region, read at once and kept for a short
 * while, so that a region subtree becomes the list of its codes (`projects.region_code = ANY(codes)`) instead of a join
 * on `regions.path LIKE 'p/%'` that the planner can only hash-join after reading every project. Region names come from
 * here too, so the page needs no join to `regions`.
 *
 * Regions are reference data (a few thousand rows nationwide) that are only ever added, never changed or removed. A
 * code that is not in the snapshot refreshes it at once, so a region created by another process is found immediately;
 * otherwise the snapshot is re-read after SNAPSHOT_TTL_MS, so a new region shows up in its parents' subtrees within that
 * time (and a brand-new region has no projects for the first moments anyway). Keyed by database, because tests run many
 * databases in one process.
 */
export const SNAPSHOT_TTL_MS = 30_000;

export interface RegionEntry {
  code: string;
  name: string;
  path: string;
}

export interface RegionSnapshot {
  byCode: ReadonlyMap<string, RegionEntry>;
  /** Every code whose path is `path` or lies under it, memoised per path. */
  subtree(path: string): readonly string[];
  /** Number of regions: a subtree this large is "all regions" (the filter can be dropped). */
  size: number;
}

interface Cached {
  loadedAt: number;
  snapshot: Promise<RegionSnapshot>;
}

const cache = new WeakMap<object, Cached>();

async function load(db: Db): Promise<RegionSnapshot> {
  const rows = await findRegionPaths(db);
  const byCode = new Map<string, RegionEntry>(rows.map((r) => [r.code, r]));
  const subtrees = new Map<string, string[]>();
  return {
    byCode,
    size: byCode.size,
    subtree(path) {
      let codes = subtrees.get(path);
      if (!codes) {
        const prefix = `${path}/`;
        codes = rows.filter((r) => r.path === path || r.path.startsWith(prefix)).map((r) => r.code);
        subtrees.set(path, codes);
      }
      return codes;
    },
  };
}

function fresh(db: Db): Promise<RegionSnapshot> {
  const entry: Cached = { loadedAt: Date.now(), snapshot: load(db) };
  cache.set(db, entry);
  entry.snapshot.catch(() => {
    if (cache.get(db) === entry) cache.delete(db);
  });
  return entry.snapshot;
}

/** The snapshot, re-read when older than SNAPSHOT_TTL_MS or when one of `codes` is not in it. */
export async function regionSnapshot(db: Db, codes: readonly string[] = []): Promise<RegionSnapshot> {
  const entry = cache.get(db);
  if (!entry || Date.now() - entry.loadedAt > SNAPSHOT_TTL_MS) return fresh(db);
  const snapshot = await entry.snapshot;
  if (codes.every((code) => snapshot.byCode.has(code))) return snapshot;
  return cache.get(db) === entry ? fresh(db) : regionSnapshot(db);
}
