import type { SearchSort } from './projects.repository.ts';

/**
 * How the staff search reads a page of a region subtree — two or more region codes, such as a city and its counties —
 * in the order of registration, or by name (issue 6).
 *
 * Two ways serve it:
 * - **walk**: projects_search_created_idx is walked newest (or oldest) first and each project's region tested, stopping
 *   at the page. Cheap while the subtree's projects are spread along the order: a city with an eighth of the province's
 *   projects fills its first page after ~150 rows (0.05–0.2 ms at a million projects). Slow when they are not: when
 *   another county has just registered a batch, the walk passes all of it first (seventeenth session: 15,000 projects
 *   of one county at the newest end, city 330100 + filed walked 15,332 rows, 12 ms a page; 2,367 → 168 searches/s).
 *   Slow too for a deep page of a small subtree (city 330200, page 50: 24,800 rows, 9.4 ms).
 * - **merge**: one branch per region code, each reading its own region's newest projects off
 *   projects_search_region_created_idx (region, created_at, id), merged in the page's order (MergeAppend, which reads
 *   each branch only as far as the page needs). Its cost does not depend on where the subtree's projects lie: 0.1–0.3
 *   ms of execution for city 330100 + filed, skewed or not. But PostgreSQL plans every branch, for every search
 *   (~1.2 ms for fourteen branches; a generic plan would need the plan cache to trust a LIMIT it cannot see): the
 *   walk is ten times cheaper when it is short. Its statement is kept per shape (short-search-page.ts
 *   `keptSearchPage`), as drizzle took ~1 ms of the server's CPU to build its branches.
 *
 * So the walk is taken when it should be short, and bounded: it passes at most `budget` rows of the other filters, and a
 * page it leaves unfilled (projects.repository.ts `searchProjects`) is read again by the merge, whose answer is
 * complete. The expected walk is (offset + limit) / share rows, the share being the subtree's regions among all (a
 * rough measure of its projects; a wrong guess costs one bounded walk). A page whose walk would pass more than
 * MAX_REGION_WALK rows goes to the merge at once. Measured at 1M: ADR 0009.
 *
 * Sorted by name (项目名称), a subtree is always merged, each region's projects read in name order off
 * projects_search_region_name_idx (migration 0022), whose name column carries the collation the search sorts in. No
 * walk comes first: no index holds the province in name order. Before it, a city's first page sorted all of the city's
 * projects by name (~300 ms at 1M). The whole province by name is merged too (MAX_MERGED_REGIONS_BY_NAME).
 */
export type RegionPagePlan = { kind: 'walk'; budget: number } | { kind: 'merge' };

/** The walk may pass this many times the rows it is expected to need (as the name's walk: name-match-plan.ts). */
const REGION_WALK_BUDGET_FACTOR = 4;
const MIN_REGION_WALK_BUDGET = 1_000;
/** At ~0.6 µs a row, 5,000 rows are ~3 ms: beyond, the merge's planning (~1.2 ms) is the cheaper. */
const MAX_REGION_WALK = 5_000;
/** More branches than this are left to the planner's own choice (a subtree this large is most of a province). */
export const MAX_MERGED_REGIONS = 40;
/**
 * By name the planner's choice is to sort every project of the subtree, so many more regions are merged: the province
 * too (project-search.service.ts lists its codes). At 1M, 103 regions cost ~6 ms of planning and ~3.5 ms of execution,
 * against ~160–200 ms for sorting the province's 960,000 projects.
 */
export const MAX_MERGED_REGIONS_BY_NAME = 400;

/**
 * The plan for a page of `regionCodes` in `sort`; undefined where neither way applies: the whole province (no region
 * test), one region (its own index serves it in order), the order of investment, or a name to match (its walk tests
 * the region too: name-match-plan.ts).
 */
export function planRegionPage(input: {
  regionCodes: readonly string[] | 'all';
  /** The subtree's share of all regions, 0–1. */
  scopeShare: number;
  sort: SearchSort;
  page: { limit: number; offset: number };
  q: string | undefined;
}): RegionPagePlan | undefined {
  const { regionCodes, sort, page } = input;
  if (regionCodes === 'all' || regionCodes.length < 2 || input.q) return undefined;
  if (sort === 'name') return regionCodes.length <= MAX_MERGED_REGIONS_BY_NAME ? { kind: 'merge' } : undefined;
  if (regionCodes.length > MAX_MERGED_REGIONS) return undefined;
  if (sort !== 'createdAt' && sort !== '-createdAt') return undefined;
  const expected = (page.offset + page.limit) / Math.max(input.scopeShare, 1e-6);
  const budget = Math.round(Math.max(MIN_REGION_WALK_BUDGET, REGION_WALK_BUDGET_FACTOR * expected));
  return budget > MAX_REGION_WALK ? { kind: 'merge' } : { kind: 'walk', budget };
}
