import type { Db } from '../../db/database.ts';
import * as repo from './organisations.repository.ts';

/**
 * Every region, read at once and kept for a short while: the view of the regions that the staff search and the 公示 list
 * (a subtree becomes the list of its codes, `projects.region_code = ANY(codes)`, instead of a join on
 * `regions.path LIKE 'p/%'` that the planner can only hash-join after reading every project) and the supervisor
 * dashboard (a region and its children) read from (issue 6).
 *
 * Regions are reference data (a few thousand rows nationwide) that are only ever added, never changed or removed: a
 * code, its name, parent and path are fixed; GB/T 2260 changes arrive as new regions. The snapshot is re-read after
 * SNAPSHOT_TTL_MS, so a new region shows up in its parents' subtrees and children within that time; a code that is not in
 * it re-reads it at once (at most once per MIN_REFRESH_MS, so a stream of unknown codes — bad input — cannot turn into a
 * stream of full reads), so a region created by another process is found within a second, and one created by this
 * process at once (createRegion forgets the snapshot). Keyed by database, because tests run many databases in one
 * process.
 */
export const SNAPSHOT_TTL_MS = 30_000;
const MIN_REFRESH_MS = 1_000;

export interface RegionEntry {
  code: string;
  name: string;
  path: string;
  parentCode: string | null;
  level: repo.RegionRow['level'];
}

export interface RegionSnapshot {
  byCode: ReadonlyMap<string, RegionEntry>;
  /** Every code whose path is `path` or lies under it, memoised per path. */
  subtree(path: string): readonly string[];
  /** The direct children of a region, in code order. */
  childrenOf(code: string): readonly RegionEntry[];
  /** Number of regions: a subtree this large is "all regions" (the filter can be dropped). */
  size: number;
}

interface Cached {
  loadedAt: number;
  snapshot: Promise<RegionSnapshot>;
}

const cache = new WeakMap<object, Cached>();

async function load(db: Db): Promise<RegionSnapshot> {
  const rows: RegionEntry[] = (await repo.findRegions(db)).map((r) => ({
    code: r.code,
    name: r.name,
    path: r.path,
    parentCode: r.parentCode,
    level: r.level,
  }));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const children = new Map<string, RegionEntry[]>();
  for (const r of rows) {
    // rows come in path order (parent path + '/' + code), so each list of children is in code order
    if (r.parentCode !== null) children.set(r.parentCode, [...(children.get(r.parentCode) ?? []), r]);
  }
  const subtrees = new Map<string, string[]>();
  return {
    byCode,
    size: byCode.size,
    childrenOf: (code) => children.get(code) ?? [],
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

/**
 * The snapshot, re-read when older than SNAPSHOT_TTL_MS, or when one of `codes` is not in it (and it is older than
 * MIN_REFRESH_MS). Outside transactions only (it is kept per database handle); single lookups inside a transaction go
 * through getRegion / isRegionWithin (organisations.service.ts), which read one row and keep it.
 */
export async function regionSnapshot(db: Db, codes: readonly string[] = []): Promise<RegionSnapshot> {
  const entry = cache.get(db);
  const age = entry ? Date.now() - entry.loadedAt : Infinity;
  if (!entry || age > SNAPSHOT_TTL_MS) return fresh(db);
  const snapshot = await entry.snapshot;
  if (age < MIN_REFRESH_MS || codes.every((code) => snapshot.byCode.has(code))) return snapshot;
  return cache.get(db) === entry ? fresh(db) : regionSnapshot(db);
}

/** A region was added by this process: the next read takes it in (other processes within MIN_REFRESH_MS). */
export function forgetRegionSnapshot(db: Db): void {
  cache.delete(db);
}
