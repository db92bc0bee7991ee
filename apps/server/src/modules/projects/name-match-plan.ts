import { sql } from 'drizzle-orm';
import { databaseIdentity, type Db } from '../../db/database.ts';

/**
 * How the staff search finds names containing `q` over a province of projects (issue 6).
 *
 * Two ways serve `name ILIKE '%q%'` ordered by the page's sort:
 * - **grams**: projects_name_bigram_idx (GIN over each name's character pairs, migration 0012) gives the projects whose
 *   names hold q's pairs; each is read and the matches sorted. The cost grows with the candidates: fast for a rare
 *   phrase, slow for a common one (数据中心: 35,000 candidates at a million projects, 250 ms).
 * - **walk**: the page's order is walked (projects_search_created_idx, newest first) and each project's name tested,
 *   stopping at the page. The cost grows with the rows passed before the page fills: fast for a common phrase, a full
 *   scan for a rare one (1.4 s at a million projects).
 *
 * PostgreSQL picks between them by its estimate, and that estimate is wrong in the way that matters: it takes a
 * name's pairs as independent, so for 数据中心 (pairs 数据, 据中, 中心, each in 3.5 % of names, nearly always together)
 * it expects 220 matches instead of 35,000 and reads them all. The planner cannot be told that the pairs of a phrase go
 * together, so the search decides: from the same statistics (the index's most common pairs and their frequencies,
 * pg_stats, refreshed by ANALYZE), `f`, the frequency of q's rarest pair, bounds how often q can occur. Passing
 * (offset + limit) / (f × scope) rows is the walk's cost if q is about as common as its rarest pair; f × projects
 * candidates is the grams' bound, each costing GRAMS_CANDIDATE_COST walked rows. The walk is taken when it is the
 * cheaper of the two, and it is bounded: when it has passed WALK_BUDGET_FACTOR times the rows it should have needed
 * without filling the page (q is rarer than its pairs suggested), the search runs again by grams. The grams way asks
 * the index for q's three rarest pairs only: every pair a phrase holds costs the index a posting list, and the common
 * ones (项目, 工程: in most names) narrow nothing.
 *
 * Without statistics (a new database before its first ANALYZE) the search keeps to the grams way with every pair, as
 * it did before this plan existed.
 */
export type NameMatchPlan =
  /** `grams`: the pairs the index is asked for (all of q's when 'all', computed by the database). */
  | { kind: 'grams'; grams: readonly string[] | 'all' }
  /** Walk the page's order, passing at most `budget` rows of the other filters, then fall back to `fallback`. */
  | { kind: 'walk'; budget: number; fallback: { kind: 'grams'; grams: readonly string[] | 'all' } };

/** The index's pair frequencies (fraction of projects whose name holds the pair) and its table's size. */
export interface NameGramStats {
  frequencies: ReadonlyMap<string, number>;
  /** The least frequency the statistics list: a pair not listed is rarer than this. */
  leastListed: number;
  projects: number;
}

/**
 * What one candidate of the grams way costs, in rows passed by a walk. A walk reads the projects in the order they were
 * registered, so neighbouring rows share heap pages, and most are rejected by a cheap region or status test; the
 * index's candidates are spread over the table, each on a page of its own, and every one is read, tested and sorted.
 * Measured over 100,000 projects (eighteenth session, EXPLAIN ANALYZE, warm): 数据中心 in a city, walk 0.7 µs a row
 * (4,977 rows, 3.5 ms) against 2.1 µs a candidate (3,594, 7.5 ms); 光伏 province-wide on page 10, 1.0 µs a row (5,970,
 * 5.8 ms) against 1.7 µs a candidate (3,594, 6.1 ms). Counting the two alike sent 数据中心 in a city to the index at that
 * size, at twice the walk's cost.
 */
export const GRAMS_CANDIDATE_COST = 2;
/** The walk may pass this many times the rows it is expected to need before the search falls back to the grams. */
export const WALK_BUDGET_FACTOR = 4;
const MIN_WALK_BUDGET = 1_000;
const MAX_WALK_BUDGET = 50_000;
/** Pairs asked of the index: enough to narrow a rare phrase, few enough not to read the common pairs' long lists. */
const INDEX_GRAMS = 3;

/**
 * The character pairs of q as the database forms them (project_name_bigrams: lower-cased, then every two adjacent
 * characters), most selective first by `stats`. A pair is only given when JavaScript and PostgreSQL lower-case its
 * characters alike (ASCII, and characters without case such as 汉字); the others are left to the ILIKE, which every
 * plan keeps, so leaving a pair out never loses a match.
 */
export function queryGrams(q: string): string[] {
  const chars = [...q].map((c) =>
    c.charCodeAt(0) < 0x80 ? c.toLowerCase() : c.toLowerCase() === c.toUpperCase() ? c : null,
  );
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i];
    const b = chars[i + 1];
    if (a !== null && a !== undefined && b !== null && b !== undefined) grams.add(a + b);
  }
  return [...grams];
}

/** The plan for one search (see the module comment). `scopeShare`: the share of all regions the search covers. */
export function planNameMatch(
  q: string,
  stats: NameGramStats | undefined,
  page: { limit: number; offset: number },
  scopeShare: number,
): NameMatchPlan {
  const grams = queryGrams(q);
  if (!stats || grams.length === 0) return { kind: 'grams', grams: 'all' };
  // A pair that the statistics do not list is rarer than every listed one; it counts as half the least listed.
  const frequency = (gram: string) => stats.frequencies.get(gram) ?? stats.leastListed / 2;
  const byRarity = [...grams].sort((a, b) => frequency(a) - frequency(b));
  const rarest = frequency(byRarity[0]!);
  const viaGrams = { kind: 'grams' as const, grams: byRarity.slice(0, INDEX_GRAMS) };
  const wanted = page.offset + page.limit;
  const walkRows = wanted / (rarest * Math.max(scopeShare, 1e-6));
  const candidates = rarest * stats.projects;
  if (walkRows >= GRAMS_CANDIDATE_COST * candidates) return viaGrams;
  // The budget counts rows that pass the other filters (the region among them), so it leaves the scope out.
  const expected = wanted / rarest;
  const budget = Math.round(Math.min(MAX_WALK_BUDGET, Math.max(MIN_WALK_BUDGET, WALK_BUDGET_FACTOR * expected)));
  return { kind: 'walk', budget, fallback: viaGrams };
}

interface Cached {
  loadedAt: number;
  stats: Promise<NameGramStats | undefined>;
}
const cache = new WeakMap<object, Cached>();
/** Statistics change with ANALYZE (autovacuum); a few minutes' lag only shifts where the walk begins to pay. */
const STATS_TTL_MS = 5 * 60_000;

/** The bigram index's statistics, read at most once per STATS_TTL_MS per database; undefined when not yet analysed. */
export function nameGramStats(db: Db): Promise<NameGramStats | undefined> {
  const key = databaseIdentity(db);
  const cached = cache.get(key);
  if (cached && Date.now() - cached.loadedAt < STATS_TTL_MS) return cached.stats;
  const entry: Cached = { loadedAt: Date.now(), stats: readNameGramStats(db) };
  cache.set(key, entry);
  entry.stats.catch(() => cache.delete(key));
  return entry.stats;
}

/** The bigram index's statistics as they are now (uncached); undefined when not yet analysed. */
export async function readNameGramStats(db: Db): Promise<NameGramStats | undefined> {
  // most_common_elem_freqs ends with the least and greatest frequency and the null share (pg_stats documentation).
  const result = await db.execute<{ elems: string[] | null; freqs: number[] | null; projects: number | null }>(sql`
    SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs,
           (SELECT reltuples FROM pg_class WHERE oid = 'projects'::regclass) AS projects
      FROM pg_stats s
     WHERE s.schemaname = current_schema() AND s.tablename = 'projects_name_bigram_idx'`);
  const row = result.rows[0];
  if (!row?.elems || !row.freqs || !row.projects || row.projects <= 0) return undefined;
  const frequencies = new Map<string, number>();
  row.elems.forEach((gram, i) => frequencies.set(gram, Number(row.freqs![i])));
  const leastListed = Number(row.freqs[row.elems.length]);
  return { frequencies, leastListed, projects: Number(row.projects) };
}
