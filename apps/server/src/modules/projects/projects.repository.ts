import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  sql,
  type Placeholder,
  type SQL,
} from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { cappedCountQuery, cappedTotal, COUNT_CAP } from '../../lib/capped-total.ts';
import { containsText, escapeLike } from '../../lib/text-contains.ts';
import { unionAll, type PgColumn } from 'drizzle-orm/pg-core';
import type { NameMatchPlan } from './name-match-plan.ts';
import { MAX_MERGED_REGIONS, type RegionPagePlan } from './region-page-plan.ts';
import { collated } from './name-collation.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { shortPageDb } from '../../db/page-reads.ts';
import { keptSearchPage, shortSearchPage } from './short-search-page.ts';
import {
  cases,
  departments,
  enterpriseAgents,
  enterprises,
  projectChanges,
  projectCodes,
  projects,
  ratificationCatalogue,
  regions,
  stageApplications,
  users,
  type Procedure,
  type ProjectFlag,
  type ProjectStatus,
} from '../../db/schema/index.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type ProjectWithNames = NonNullable<Awaited<ReturnType<typeof findProjectWithNames>>>;
export type ProjectInsert = typeof projects.$inferInsert;

const projectWithNames = {
  project: projects,
  regionName: regions.name,
  enterpriseName: enterprises.name,
  enterpriseCreditCode: enterprises.creditCode,
};

/** A project with the names shown beside it (region, enterprise): the base of every read below. */
function selectProjectsWithNames(db: Db | Tx) {
  return db
    .select(projectWithNames)
    .from(projects)
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .leftJoin(regions, eq(regions.code, projects.regionCode));
}

export async function findProjectWithNames(db: Db | Tx, id: string) {
  const [row] = await selectProjectsWithNames(db).where(eq(projects.id, id));
  return row;
}

/** The same read outside a transaction, prepared (db/prepared.ts): every project view, submit and change loads it. */
export async function findVisibleProjectWithNames(db: Db, id: string) {
  const query = preparedQuery(db, 'project_with_names', (d, name) =>
    selectProjectsWithNames(d)
      .where(eq(projects.id, sql.placeholder('id')))
      .prepare(name),
  );
  const [row] = await query.execute({ id });
  return row;
}

/**
 * The project of an application, with its names (prepared): sent together with the application's own read, without
 * waiting for it to learn the project's id.
 */
export async function findVisibleProjectWithNamesOfApplication(db: Db, applicationId: string) {
  const query = preparedQuery(db, 'project_with_names_of_application', (d, name) =>
    selectProjectsWithNames(d)
      .where(
        sql`${projects.id} = (SELECT ${stageApplications.projectId} FROM ${stageApplications} WHERE ${stageApplications.id} = ${sql.placeholder('applicationId')})`,
      )
      .prepare(name),
  );
  const [row] = await query.execute({ applicationId });
  return row;
}

/** A project with its names, locked for this transaction (submission: two concurrent submits of one draft get one code). */
export async function lockProjectWithNames(tx: Tx, id: string) {
  const [row] = await selectProjectsWithNames(tx).where(eq(projects.id, id)).for('update', { of: projects });
  return row;
}

/** A project locked for this transaction. */
export async function lockProject(tx: Tx, id: string): Promise<ProjectRow | undefined> {
  const [row] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
  return row;
}

/** Owners with more enterprises than this are listed by one sorted read instead of a merge of their enterprises' walks. */
export const MAX_MERGED_OWNER_ENTERPRISES = 32;

/**
 * The projects of an owner — those of the enterprises it acts for, and (applicants) those the account created — most
 * recently changed first, with the total counted up to COUNT_CAP + 1 (`capped` beyond; lib/capped-total.ts).
 *
 * The page is chosen before any join (ADR 0007), as a merge of one walk per ownership key along the owner indexes
 * (migration 0027): each enterprise's projects along projects_owner_enterprise_idx, and the account's own along
 * projects_owner_creator_idx without those of its enterprises (so the walks never meet and need no de-duplication);
 * each stops after offset + limit rows. Before, every one of the owner's projects was read and sorted for each page,
 * and counted: 2.5 s at 1M for the bench's applicant, who registered all of them.
 */
export async function findOwnProjects(
  db: Db,
  owner: ProjectOwner,
  filter: { status?: ProjectStatus | undefined },
  page: { limit: number; offset: number },
) {
  const arms = ownershipArms(owner, filter);
  if (!arms.length) return { rows: [], total: 0, capped: false };
  const rows = await ownProjectsPageQuery(db, arms, page);
  // The arms are disjoint, so their matches add up without de-duplication; counted up to COUNT_CAP + 1.
  const countMatches = async () => {
    const [one, two, ...more] = arms.map((where) =>
      db
        .select({ one: sql`1`.as('one') })
        .from(projects)
        .where(where),
    );
    const matches = (two ? unionAll(one!, two, ...more) : one!).limit(COUNT_CAP + 1).as('matches');
    const [counted] = await db.select({ n: count() }).from(matches);
    return counted?.n ?? 0;
  };
  return { rows, ...(await cappedTotal(rows.length, page, countMatches)) };
}

export interface ProjectOwner {
  enterpriseIds: string[];
  createdBy?: string;
}

/**
 * The owner's projects as disjoint filters, one per index walk: each enterprise's (up to
 * MAX_MERGED_OWNER_ENTERPRISES, else one filter over all of them), then the account's own outside those enterprises.
 */
export function ownershipArms(owner: ProjectOwner, filter: { status?: ProjectStatus | undefined }): SQL[] {
  const withStatus = (where: SQL) => (filter.status ? and(where, eq(projects.status, filter.status))! : where);
  const arms: SQL[] = [];
  if (owner.enterpriseIds.length <= MAX_MERGED_OWNER_ENTERPRISES) {
    for (const id of owner.enterpriseIds) arms.push(withStatus(eq(projects.enterpriseId, id)));
  } else {
    arms.push(withStatus(inArray(projects.enterpriseId, owner.enterpriseIds)));
  }
  if (owner.createdBy) {
    const notTheirEnterprises = owner.enterpriseIds.length
      ? sql`${projects.enterpriseId} <> ALL(${sql.param(owner.enterpriseIds)}::uuid[])`
      : undefined;
    arms.push(withStatus(and(eq(projects.createdBy, owner.createdBy), notTheirEnterprises)!));
  }
  return arms;
}

/** One page of the owner's projects (`arms`: ownershipArms), most recently changed first, with their names. */
export function ownProjectsPageQuery(db: Db, arms: SQL[], page: { limit: number; offset: number }) {
  const end = { limit: page.offset + page.limit, offset: 0 };
  const newestChanged = (where: SQL, rows: { limit: number; offset: number }) =>
    db
      .select({ id: projects.id, updatedAt: projects.updatedAt })
      .from(projects)
      .where(where)
      .orderBy(desc(projects.updatedAt), asc(projects.id))
      .limit(rows.limit)
      .offset(rows.offset);
  const [first, second, ...rest] = arms.map((where) => newestChanged(where, arms.length > 1 ? end : page));
  const paged = (
    second
      ? unionAll(first!, second, ...rest)
          .orderBy(desc(projects.updatedAt), asc(projects.id))
          .limit(page.limit)
          .offset(page.offset)
      : first!
  ).as('paged');
  return db
    .select(projectWithNames)
    .from(paged)
    .innerJoin(projects, eq(projects.id, paged.id))
    .innerJoin(enterprises, eq(enterprises.id, projects.enterpriseId))
    .leftJoin(regions, eq(regions.code, projects.regionCode))
    .orderBy(desc(paged.updatedAt), asc(paged.id));
}

/**
 * The insert of a new project with every column stated (`ProjectRow`, no database default applies): the row stored is
 * the row given, known without RETURNING. Not sent yet (awaiting it sends it; or `sendWithCommit`).
 */
export function projectInsert(tx: Tx, row: ProjectRow) {
  return tx.insert(projects).values(row);
}

export async function updateProject(tx: Tx, id: string, patch: Partial<ProjectInsert>): Promise<void> {
  await tx.update(projects).set(patch).where(eq(projects.id, id));
}

/** The update of a project, not sent yet (awaiting it sends it; or `sendWithCommit`). */
export function projectUpdate(tx: Tx, id: string, patch: Partial<ProjectInsert>) {
  return tx.update(projects).set(patch).where(eq(projects.id, id));
}

/**
 * Records an issued code unless it already exists (issued before — possibly to a voided project). Returns whether it
 * was recorded. ON CONFLICT DO NOTHING waits for a concurrent inserter of the same code and then skips, without
 * aborting the transaction.
 */
export async function insertProjectCodeIfFree(
  tx: Tx,
  row: { code: string; projectId: string; issuer: string; issuedAt: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(projectCodes)
    .values(row)
    .onConflictDoNothing({ target: projectCodes.code })
    .returning({ code: projectCodes.code });
  return inserted.length === 1;
}

/**
 * The 核准目录 rows. They are reference data that only migrations change (no route writes them), yet every draft, 赋码
 * and change read them (issue 6: one query per write transaction), so they are kept for a minute per process — a
 * migration or a manual correction is seen within RATIFICATION_CACHE_MS everywhere.
 */
const RATIFICATION_CACHE_MS = 60_000;
let ratificationCache: { rows: Awaited<ReturnType<typeof readRatificationCatalogue>>; loadedAt: number } | null = null;

export async function findRatificationCatalogue(db: Db | Tx) {
  const now = performance.now();
  if (ratificationCache && now - ratificationCache.loadedAt < RATIFICATION_CACHE_MS) return ratificationCache.rows;
  const rows = await readRatificationCatalogue(db);
  ratificationCache = { rows, loadedAt: now };
  return rows;
}

async function readRatificationCatalogue(db: Db | Tx) {
  return db
    .select({
      industryPrefix: ratificationCatalogue.industryPrefix,
      category: ratificationCatalogue.category,
      description: ratificationCatalogue.description,
    })
    .from(ratificationCatalogue)
    .orderBy(asc(ratificationCatalogue.industryPrefix));
}

/** The public fields of a project: what the code lookup and 公示 may show (no personal data, no contacts). */
const publicProjectColumns = {
  code: projects.code,
  name: projects.name,
  status: projects.status,
  regionCode: projects.regionCode,
  regionName: regions.name,
  procedure: projects.procedure,
  filedAt: projects.filedAt,
};

/** The public face of a registered code (no personal data, no enterprise contact). */
export async function findPublicProjectByCode(db: Db, code: string) {
  // The public lookup (QR scans, other systems): prepared (db/prepared.ts).
  const query = preparedQuery(db, 'public_project_by_code', (d, name) =>
    d
      .select({ ...publicProjectColumns, code: projectCodes.code })
      .from(projectCodes)
      .innerJoin(projects, eq(projects.id, projectCodes.projectId))
      .leftJoin(regions, eq(regions.code, projects.regionCode))
      .where(eq(projectCodes.code, sql.placeholder('code')))
      .prepare(name),
  );
  const [row] = await query.execute({ code });
  return row;
}

/** Marks a code voided in the registry of issued codes; the row stays, so the code is never issued again. */
export async function voidProjectCode(tx: Tx, code: string, at: Date): Promise<void> {
  await tx.update(projectCodes).set({ status: 'voided', voidedAt: at }).where(eq(projectCodes.code, code));
}

export async function isRegisteredCode(db: Db, code: string): Promise<boolean> {
  const [row] = await db.select({ code: projectCodes.code }).from(projectCodes).where(eq(projectCodes.code, code));
  return row !== undefined;
}

export type ProjectChangeRow = typeof projectChanges.$inferSelect;

export async function insertProjectChange(tx: Tx, row: typeof projectChanges.$inferInsert): Promise<ProjectChangeRow> {
  const [created] = await tx.insert(projectChanges).values(row).returning();
  if (!created) throw new Error('project change insert returned nothing');
  return created;
}

/** A project's change and void records with the requester's username, oldest first. */
export async function findProjectChanges(db: Db, projectId: string) {
  return db
    .select({ change: projectChanges, requestedByUsername: users.username })
    .from(projectChanges)
    .leftJoin(users, eq(users.id, projectChanges.requestedBy))
    .where(eq(projectChanges.projectId, projectId))
    .orderBy(asc(projectChanges.requestedAt), asc(projectChanges.id));
}

export async function findUsername(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ username: users.username }).from(users).where(eq(users.id, userId));
  return row?.username ?? null;
}

/** Regions by code (for full region names such as 浙江省温州市温州生态园). */
export async function findRegionsByCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ code: regions.code, name: regions.name, path: regions.path })
    .from(regions)
    .where(inArray(regions.code, codes));
}

/** The 发改 (kind 'ndrc') departments of the given regions. */
export async function findNdrcDepartments(db: Db, regionCodes: string[]) {
  if (regionCodes.length === 0) return [];
  return db
    .select({ name: departments.name, regionCode: departments.regionCode })
    .from(departments)
    .where(and(eq(departments.kind, 'ndrc'), inArray(departments.regionCode, regionCodes)));
}

export const SEARCH_SORTS = ['createdAt', '-createdAt', 'totalInvestment', '-totalInvestment', 'name'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface ProjectSearchFilter {
  /**
   * The region codes to search: the actor's subtree, narrowed by the `regionCode` filter (see organisations/region-snapshot.ts);
   * `'all'` when that is every region (the filter is then dropped).
   */
  regionCodes: readonly string[] | 'all';
  q?: string | undefined;
  /** The collation of the `name` sort (name-collation.ts: pinyin where the database has ICU). */
  nameCollation?: string | undefined;
  /** How `q` is matched (name-match-plan.ts); by every pair of q through the bigram index when not given. */
  nameMatch?: NameMatchPlan | undefined;
  /**
   * How a page of a region subtree in the order of registration is read (region-page-plan.ts); by the planner's own
   * choice when not given.
   */
  regionPage?: RegionPagePlan | undefined;
  code?: string | undefined;
  industryCode?: string | undefined;
  procedure?: Procedure | undefined;
  status?: ProjectStatus | undefined;
  investmentMin?: number | undefined;
  investmentMax?: number | undefined;
  flag?: ProjectFlag | undefined;
  createdFrom?: Date | undefined;
  /** Exclusive. */
  createdBefore?: Date | undefined;
}

/** Totals above this are not counted: the answer is "more than SEARCH_COUNT_CAP" (issue 6; lib/capped-total.ts). */
export const SEARCH_COUNT_CAP = COUNT_CAP;

/** Characters of `q` (code points, so 光伏 is 2). */
export const charLength = (value: string) => [...value].length;

/**
 * The conditions of a search. The name's (`q`) are left out for `withName: false`: the walk applies them to the rows it
 * passes (searchPageQuery).
 */
function searchConditions(
  filter: ProjectSearchFilter,
  withName = true,
  values: SearchValues = searchValues(filter),
): SQL | undefined {
  const conditions: SQL[] = [ne(projects.status, 'draft')];
  conditions.push(
    values.regionCodes === 'all'
      ? isNotNull(projects.regionCode)
      : inArray(projects.regionCode, [...values.regionCodes]),
  );
  if (filter.q && withName) {
    // A name containing q contains every character pair of q: projects_name_bigram_idx (GIN, migration 0012) finds
    // those candidates, and ILIKE keeps the ones with the pairs in order. One index serves every length (the pg_trgm
    // index it replaced cost a fifth of the write path's throughput, migration 0014). The index is asked for the pairs
    // the plan chose (name-match-plan.ts), or for all of them. The ILIKE is there for two characters too: when the
    // planner walks the newest-first index instead, the filters run on each row it passes, cheapest first (PostgreSQL
    // orders quals by cost), so the cheap ILIKE rejects rows before the costly pair function runs — 141 ms → 15 ms for
    // 光伏 over 100,000 projects.
    const grams = filter.nameMatch?.kind === 'grams' ? filter.nameMatch.grams : 'all';
    conditions.push(
      grams === 'all'
        ? sql`project_name_bigrams(${projects.name}) @> project_name_bigrams(${filter.q})`
        : sql`project_name_bigrams(${projects.name}) @> ARRAY[${sql.join(
            grams.map((gram) => sql`${gram}`),
            sql`, `,
          )}]::text[]`,
    );
    conditions.push(containsText(projects.name, filter.q));
  }
  if (values.code !== undefined) conditions.push(like(projects.code, values.code));
  if (values.industryCode !== undefined) conditions.push(like(projects.industryCode, values.industryCode));
  if (values.procedure !== undefined) conditions.push(eq(projects.procedure, values.procedure));
  if (values.status !== undefined) conditions.push(eq(projects.status, values.status));
  if (values.investmentMin !== undefined) conditions.push(gte(projects.totalInvestment, values.investmentMin));
  if (values.investmentMax !== undefined) conditions.push(lte(projects.totalInvestment, values.investmentMax));
  if (values.flag !== undefined) conditions.push(sql`${projects.flags} @> ARRAY[${values.flag}]::text[]`);
  if (values.createdFrom !== undefined) conditions.push(gte(projects.createdAt, values.createdFrom));
  if (values.createdBefore !== undefined) conditions.push(lt(projects.createdAt, values.createdBefore));
  return and(...conditions);
}

/**
 * The values a search's conditions compare with, as the statement takes them (prefix patterns escaped, amounts to two
 * decimals) — or, for a statement built once and kept (short-search-page.ts), placeholders named after them. The name
 * is not among them: a page with a name is never kept.
 */
export interface SearchValues {
  regionCodes: readonly (string | Placeholder)[] | 'all';
  code?: string | Placeholder | undefined;
  industryCode?: string | Placeholder | undefined;
  procedure?: Procedure | Placeholder | undefined;
  status?: ProjectStatus | Placeholder | undefined;
  investmentMin?: string | Placeholder | undefined;
  investmentMax?: string | Placeholder | undefined;
  flag?: ProjectFlag | Placeholder | undefined;
  createdFrom?: Date | Placeholder | undefined;
  createdBefore?: Date | Placeholder | undefined;
  /** Not a condition's: the rows a region walk may pass (region-page-plan.ts), which differs from page to page. */
  regionWalkBudget?: number | Placeholder | undefined;
}

/** The values of `filter`'s conditions (SearchValues). */
export function searchValues(filter: ProjectSearchFilter): SearchValues & { regionCodes: readonly string[] | 'all' } {
  return {
    regionCodes: filter.regionCodes,
    code: filter.code === undefined ? undefined : `${escapeLike(filter.code)}%`,
    industryCode: filter.industryCode === undefined ? undefined : `${escapeLike(filter.industryCode)}%`,
    procedure: filter.procedure,
    status: filter.status,
    investmentMin: filter.investmentMin?.toFixed(2),
    investmentMax: filter.investmentMax?.toFixed(2),
    flag: filter.flag,
    createdFrom: filter.createdFrom,
    createdBefore: filter.createdBefore,
    regionWalkBudget: filter.regionPage?.kind === 'walk' ? filter.regionPage.budget : undefined,
  };
}

/**
 * Staff search. Drafts are never listed (they are the enterprise's own until submitted). The name filter is an
 * `ILIKE '%q%'`, whose candidates projects_name_bigram_idx (the name's character pairs, GIN) finds; code and industry are prefix `LIKE`s served by the text_pattern_ops indexes. The
 * region is a list of codes (no join to `regions`: the caller has their names). The newest-first order walks
 * projects_search_created_idx and stops after the page.
 *
 * The total is exact up to SEARCH_COUNT_CAP and otherwise a lower bound (`capped`): counting every match of a broad
 * filter over a million projects costs more than the page itself, and nobody pages past 10,000 results. A page that is
 * not full already tells the total, so it is not counted again; the caller may reuse a total (`countMatches`).
 */
export async function searchProjects(
  db: Db,
  filter: ProjectSearchFilter,
  sort: SearchSort,
  page: { limit: number; offset: number },
  /** Runs the count, or answers it from the caller's cache (search-count-cache.ts). */
  countMatches: (count: () => Promise<number>) => Promise<number> = (count) => count(),
) {
  let rows = isShortPage(filter, sort, page)
    ? await shortSearchPage(db, filter, sort, page)
    : filter.regionPage?.kind === 'merge'
      ? await keptSearchPage(db, filter, sort, page, { short: false })
      : await searchPageQuery(db, filter, sort, page);
  // A walk that passed its budget without filling the page (q rarer than its pairs suggested) may have missed
  // matches further on: the page is read again through the index. The count always goes through the index.
  const byIndex = throughIndex(filter);
  if (byIndex !== filter && rows.length < page.limit) rows = await searchPageQuery(db, byIndex, sort, page);
  // Likewise a region walk (region-page-plan.ts): the merge of the subtree's regions reads the page whole.
  if (filter.regionPage?.kind === 'walk' && rows.length < page.limit) {
    rows = await keptSearchPage(db, { ...filter, regionPage: { kind: 'merge' } }, sort, page, { short: false });
  }
  const total = await cappedTotal(
    rows.length,
    page,
    () => countMatchesOffIndexes(db, searchCountConditions(filter), searchCountSettings(filter)),
    countMatches,
  );
  return { rows, ...total };
}

/** The rows a short page may end at (offset + limit): the first ten pages of twenty. */
const SHORT_PAGE_END = 200;

/**
 * Whether a search page is short — read off an index in the list's order, stopping soon after its last row — and so
 * read by a statement kept per shape (short-search-page.ts) on the shared connections (db/page-reads.ts). At a million
 * projects such a page costs PostgreSQL ~0.2–0.5 ms: newest first, a region subtree with a status, an industry with an
 * investment range, a procedure with dates, one county by name (migration 0022). Not short: a name filter (its bigram
 * candidates are fetched and tested: 0.8–1.7 ms), a flag (tested row by row along the order: 1.3 ms), more than one
 * region by name (merged: region-page-plan.ts), and a deep page (page 50 walks ~9,600 index entries: 3.5 ms) — those share the cores on pooled connections,
 * where one of them holds up no other request's read. Measured in the fourteenth session (bench/results/search-2026-11-23.md): with the short pages on two shared
 * connections the four short mixes went from 1,244–1,622 to 1,717–2,208 searches/s at 50 connections (ADR 0009).
 */
export function isShortPage(filter: ProjectSearchFilter, sort: SearchSort, page: { limit: number; offset: number }) {
  return (
    !filter.q &&
    !filter.flag &&
    // By name, one region reads projects_search_region_name_idx in order (migration 0022); more are merged.
    (sort !== 'name' || (filter.regionCodes !== 'all' && filter.regionCodes.length === 1)) &&
    filter.regionPage?.kind !== 'merge' && // planned afresh for every search: ~1.2 ms (region-page-plan.ts)
    page.offset + page.limit <= SHORT_PAGE_END
  );
}

/** A row of a search page. */
export type SearchRow = Awaited<ReturnType<typeof indexedSearchPage>>[number];

/** The fields of a search row, in the order its statement selects them (drizzle keeps the selection's key order). */
export const searchRowFields = (): (keyof SearchRow)[] => Object.keys(searchColumns(projects)) as (keyof SearchRow)[];

/**
 * The page statement of the staff search (also EXPLAINed as it is by the bench: bench/dataset/search-plans.ts). For a
 * `walk` name match, the rows of the other filters are walked in the page's order, at most `budget` of them, and the
 * name is tested on each (name-match-plan.ts); otherwise every condition is in one WHERE.
 */
export function searchPageQuery(
  db: Db,
  filter: ProjectSearchFilter,
  sort: SearchSort,
  page: { limit: number; offset: number },
) {
  const walk = filter.nameMatch?.kind === 'walk' ? filter.nameMatch : undefined;
  return walk && filter.q
    ? walkedSearchPage(db, filter, { q: filter.q, budget: walk.budget }, sort, page)
    : indexedSearchPage(db, filter, sort, page);
}

const searchOrder = (
  sort: SearchSort,
  t: { createdAt: PgColumn; totalInvestment: PgColumn; name: PgColumn },
  nameCollation: string | undefined,
) =>
  ({
    createdAt: [asc(t.createdAt)],
    '-createdAt': [desc(t.createdAt)],
    totalInvestment: [sql`${t.totalInvestment} ASC NULLS LAST`],
    '-totalInvestment': [sql`${t.totalInvestment} DESC NULLS LAST`],
    name: [sql`${collated(t.name, nameCollation)} ASC`],
  })[sort];

/**
 * The page through the indexes: the projects' page first, then their enterprises' names (20 lookups, not one per row
 * skipped by the offset: on page 50, 980 lookups of rows thrown away, 4 ms of 13 at a million projects).
 */
export function indexedSearchPage(
  db: Db,
  filter: ProjectSearchFilter,
  sort: SearchSort,
  page: PageSlice,
  values: SearchValues = searchValues(filter),
) {
  const paged = pagedProjects(db, filter, sort, page, values).as('paged');
  return db
    .select(searchColumns(paged))
    .from(paged)
    .innerJoin(enterprises, eq(enterprises.id, paged.enterpriseId))
    .orderBy(...searchOrder(sort, paged, filter.nameCollation), asc(paged.id));
}

/** A page: its rows, or placeholders for them in a kept statement, which also names a merge's `end` (offset + limit). */
type PageSlice = { limit: number | Placeholder; offset: number | Placeholder; end?: Placeholder };

/** The page's projects, read as the filter's region plan says (region-page-plan.ts) or as the planner chooses. */
function pagedProjects(db: Db, filter: ProjectSearchFilter, sort: SearchSort, page: PageSlice, values: SearchValues) {
  const plan = filter.regionPage;
  const regionCodes = values.regionCodes;
  if (!plan || regionCodes === 'all') {
    return orderedProjects(db, searchConditions(filter, true, values), sort, filter.nameCollation, page);
  }
  if (plan.kind === 'walk') {
    // The order walked with every other filter, at most `budget` rows of them; the region tested on the rows passed.
    const walked = orderedProjects(
      db,
      searchConditions(filter, true, { ...values, regionCodes: 'all' }),
      sort,
      undefined,
      {
        limit: values.regionWalkBudget ?? plan.budget,
        offset: 0,
      },
    ).as('walked');
    return db
      .select(projectSearchColumns(walked))
      .from(walked)
      .where(inArray(walked.regionCode, [...regionCodes]))
      .orderBy(...searchOrder(sort, walked, undefined), asc(walked.id))
      .limit(page.limit)
      .offset(page.offset);
  }
  // The merge: each region's own projects in the order, as far as the page's end, merged in the same order.
  const end = typeof page.limit === 'number' && typeof page.offset === 'number' ? page.offset + page.limit : page.end;
  if (end === undefined) throw new Error('a kept merge names its branches’ end (short-search-page.ts)');
  // By name, each branch gives its name in the collation it is sorted in: the merge's ORDER BY may name a column of
  // the branches, not an expression (PostgreSQL), and the column's collation is what it then sorts in.
  const nameCollation = sort === 'name' ? filter.nameCollation : undefined;
  const [first, second, ...rest] = regionCodes.map((code) =>
    orderedProjects(
      db,
      searchConditions(filter, true, { ...values, regionCodes: [code] }),
      sort,
      nameCollation,
      { limit: end, offset: 0 },
      { nameCollated: sort === 'name' },
    ),
  );
  return unionAll(first!, second!, ...rest)
    .orderBy(
      ...(sort === 'name' ? [sql`${sql.identifier(COLLATED_NAME)} ASC`] : searchOrder(sort, projects, undefined)),
      asc(projects.id),
    )
    .limit(page.limit)
    .offset(page.offset);
}

/** The column a merge's branches give the name in, in the collation they are sorted in (pagedProjects). */
const COLLATED_NAME = 'collated_name';

/** Projects matching `where` in the search's order, a slice of them: the page itself, or the rows a walk may pass. */
function orderedProjects(
  db: Db,
  where: SQL | undefined,
  sort: SearchSort,
  nameCollation: string | undefined,
  rows: { limit: number | Placeholder; offset: number | Placeholder },
  /** The name selected in `nameCollation` (a merge's branch sorted by name). */
  { nameCollated = false }: { nameCollated?: boolean } = {},
) {
  const columns = projectSearchColumns(projects);
  // Typed as the plain column: a merge orders by it from its branches, and its rows are the same strings. Named apart
  // from every other "name" (the enterprise's), as a subquery's aliased field is referred to unqualified.
  const name = sql<string>`${collated(projects.name, nameCollation)}`.as(
    COLLATED_NAME,
  ) as unknown as typeof projects.name;
  return db
    .select(nameCollated ? { ...columns, name } : columns)
    .from(projects)
    .where(where)
    .orderBy(...searchOrder(sort, projects, nameCollation), asc(projects.id))
    .limit(rows.limit)
    .offset(rows.offset);
}

/** The project's own columns of a search result, and the enterprise to name. */
function projectSearchColumns<T extends Record<SearchColumnName | 'enterpriseId', PgColumn>>(t: T) {
  const { enterpriseName: _joined, ...own } = searchColumns(t);
  return { ...own, enterpriseId: t.enterpriseId };
}

function walkedSearchPage(
  db: Db,
  filter: ProjectSearchFilter,
  name: { q: string; budget: number },
  sort: SearchSort,
  page: { limit: number; offset: number },
) {
  const walked = orderedProjects(db, searchConditions(filter, false), sort, filter.nameCollation, {
    limit: name.budget,
    offset: 0,
  }).as('walked');
  return db
    .select(searchColumns(walked))
    .from(walked)
    .innerJoin(enterprises, eq(enterprises.id, walked.enterpriseId))
    .where(containsText(walked.name, name.q))
    .orderBy(...searchOrder(sort, walked, filter.nameCollation), asc(walked.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** The columns of a search result, from `projects` or from the walk over it. */
type SearchColumnName =
  | 'id'
  | 'code'
  | 'name'
  | 'regionCode'
  | 'procedure'
  | 'status'
  | 'totalInvestment'
  | 'industryCode'
  | 'flags'
  | 'createdAt'
  | 'filedAt';

function searchColumns<T extends Record<SearchColumnName, PgColumn>>(
  t: T,
): Pick<T, SearchColumnName> & { enterpriseName: typeof enterprises.name } {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    enterpriseName: enterprises.name,
    regionCode: t.regionCode,
    procedure: t.procedure,
    status: t.status,
    totalInvestment: t.totalInvestment,
    industryCode: t.industryCode,
    flags: t.flags,
    createdAt: t.createdAt,
    filedAt: t.filedAt,
  };
}

/** The matches of a list's filter, counted up to SEARCH_COUNT_CAP + 1. */
async function countMatchesOffIndexes(
  db: Db,
  where: SQL | undefined,
  settings: SQL = countSettings({ customPlans: false }),
): Promise<number> {
  // A capped count stops at the 10,001st match, and the planner, assuming matches spread evenly, then prefers reading
  // the table from the start; with a few filters (city + status: 6 % of rows) that reads 160,000 rows. Counting off
  // the indexes instead costs 1–30 ms at 1M projects (issue 6 measurements), so sequential scans are off for
  // this one statement (local settings end with the transaction).
  const [counted] = await db.transaction(async (tx) => {
    await tx.execute(settings);
    return cappedCountQuery(tx, projects, where);
  });
  return counted?.n ?? 0;
}

/**
 * The count's settings (local to its transaction): no sequential scan (above), and no parallel workers — a count is
 * one of many requests on a busy server, and at 1M the workers made it slower even alone (光伏: 56 ms with two workers,
 * 42 without), their start-up and CPU paid by every request under load.
 *
 * `customPlans`: planned for its values every time. A walked phrase's count (counted by its rarest pair:
 * countedThroughIndex) needs it: as a named statement (statement-names.ts) it would switch to a generic plan after five
 * runs, and a generic plan cannot know how common the pair is — seen at 1M: 数据中心 within a city counted in 291 ms by
 * the generic plan (the pair index alone, 28,000 heap pages) against 32–119 ms by the plan for its values (intersected
 * with the region index first). Not for every count: for 光伏 and for the procedure + dates mix the generic plans were
 * the faster (30 against 54 ms).
 */
const countSettings = ({ customPlans }: { customPlans: boolean }): SQL =>
  sql`SELECT set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)${
    customPlans ? sql`, set_config('plan_cache_mode', 'force_custom_plan', true)` : sql``
  }`;

/** What the count statement of a search runs under, in its own transaction (see countMatchesOffIndexes). */
export const searchCountSettings = (filter: ProjectSearchFilter): SQL =>
  countSettings({ customPlans: filter.nameMatch?.kind === 'walk' });

/** The conditions a search's count reads (see countedThroughIndex). */
const searchCountConditions = (filter: ProjectSearchFilter) => searchConditions(countedThroughIndex(filter));

/** The count statement of the staff search: its matches up to SEARCH_COUNT_CAP + 1 (EXPLAINed by the bench too). */
export const searchCountQuery = (db: Db | Tx, filter: ProjectSearchFilter) =>
  cappedCountQuery(db, projects, searchCountConditions(filter));

/** The filter with its name matched through the bigram index (a walk's fallback), as counts and fallbacks read it. */
const throughIndex = (filter: ProjectSearchFilter): ProjectSearchFilter =>
  filter.nameMatch?.kind === 'walk' ? { ...filter, nameMatch: filter.nameMatch.fallback } : filter;

/**
 * The filter a count reads: a walked phrase is counted through the index by its rarest pair alone. It is a common
 * phrase (that is why it was walked), so its other pairs narrow little, and with one pair PostgreSQL estimates the
 * candidates right (35,000 for 据中, not 220 for 数据 ∧ 据中 ∧ 中心) and intersects them with the region index first: 数据中心
 * within a city counted in 119 ms instead of 229 (3,624 heap pages read instead of 28,318).
 */
function countedThroughIndex(filter: ProjectSearchFilter): ProjectSearchFilter {
  const match = filter.nameMatch;
  if (match?.kind !== 'walk' || match.fallback.grams === 'all') return throughIndex(filter);
  return { ...filter, nameMatch: { kind: 'grams', grams: match.fallback.grams.slice(0, 1) } };
}

/**
 * 公示: filed projects (public fields and the enterprise name only), newest filing first, within a list of region codes
 * (the caller's region subtree; no join to `regions`, whose names the caller has). A public page, read off an index in
 * its order and stopped after the page: the whole province along projects_public_filed_idx (migration 0015), one
 * region along projects_public_region_filed_idx (migration 0021), and a region subtree by merging its regions' own
 * (as the staff search's merge: region-page-plan.ts). The total is counted only up to SEARCH_COUNT_CAP + 1 (`capped`
 * beyond), through `countMatches` so the caller may reuse it — over a million projects an exact count of every filed
 * project took seconds (issue 6).
 */
export async function findPublicFilings(
  db: Db,
  filter: { regionCodes: readonly string[] | 'all' },
  page: { limit: number; offset: number },
  countMatches: (count: () => Promise<number>) => Promise<number> = (count) => count(),
) {
  const codes = filter.regionCodes;
  const filedIn = (regionCodes: readonly string[] | 'all') =>
    and(
      eq(projects.status, 'filed'),
      regionCodes === 'all' ? undefined : inArray(projects.regionCode, [...regionCodes]),
    );
  // A region subtree walked along the province's order passed every other region's newer filings first (842 ms at 1M
  // for a county whose filings were older than the others'); its regions' own lists are merged instead. Planned
  // afresh for each page (~1 ms for a city), so not a short page.
  const merged = codes !== 'all' && codes.length > 1 && codes.length <= MAX_MERGED_REGIONS;
  const short = (codes === 'all' || codes.length === 1) && page.offset + page.limit <= SHORT_PAGE_END;
  const pageDb = short ? shortPageDb(db) : db;
  const newestFiled = (where: SQL | undefined, rows: { limit: number; offset: number }) =>
    pageDb
      .select({
        id: projects.id,
        code: projects.code,
        name: projects.name,
        status: projects.status,
        regionCode: projects.regionCode,
        procedure: projects.procedure,
        filedAt: projects.filedAt,
        enterpriseId: projects.enterpriseId,
      })
      .from(projects)
      .where(where)
      .orderBy(desc(projects.filedAt), asc(projects.id))
      .limit(rows.limit)
      .offset(rows.offset);
  let paged;
  if (merged) {
    const end = { limit: page.offset + page.limit, offset: 0 };
    const [first, second, ...rest] = codes.map((code) => newestFiled(filedIn([code]), end));
    paged = unionAll(first!, second!, ...rest)
      .orderBy(desc(projects.filedAt), asc(projects.id))
      .limit(page.limit)
      .offset(page.offset)
      .as('paged');
  } else {
    paged = newestFiled(filedIn(codes), page).as('paged');
  }
  const rows = await pageDb
    .select({
      code: paged.code,
      name: paged.name,
      status: paged.status,
      regionCode: paged.regionCode,
      procedure: paged.procedure,
      filedAt: paged.filedAt,
      enterpriseName: enterprises.name,
    })
    .from(paged)
    .innerJoin(enterprises, eq(enterprises.id, paged.enterpriseId))
    .orderBy(desc(paged.filedAt), asc(paged.id));
  const count = () => countMatchesOffIndexes(db, filedIn(codes));
  return { rows, ...(await cappedTotal(rows.length, page, count, countMatches)) };
}

/** Postgres `numeric` arrives as a string; amounts are kept to two decimals. */
export const numericToNumber = (value: string | null): number | null => (value === null ? null : Number(value));

/**
 * The applicant side of a project, told of everything that happens to it (application steps, case decisions, 容缺
 * lapses): its creator, the enterprise's active applicant accounts and the agents it has authorised (代办, who follow the
 * matters they file to the end). One statement: three branches of a UNION ALL, each keyed by the project.
 */
export async function findApplicantSideUserIds(db: Db | Tx, projectId: string): Promise<string[]> {
  return applicantSideOf(db, eq(projects.id, projectId));
}

/** The same of the project of case `caseId`, found inside the statement (no read of the case first). */
export async function findApplicantSideUserIdsOfCase(db: Db | Tx, caseId: string): Promise<string[]> {
  return applicantSideOf(
    db,
    sql`${projects.id} = (SELECT ${cases.projectId} FROM ${cases} WHERE ${cases.id} = ${caseId})`,
  );
}

async function applicantSideOf(db: Db | Tx, isTheProject: SQL): Promise<string[]> {
  const creator = db.select({ id: projects.createdBy }).from(projects).where(isTheProject);
  const applicants = db
    .select({ id: users.id })
    .from(projects)
    .innerJoin(
      users,
      and(eq(users.enterpriseId, projects.enterpriseId), eq(users.role, 'applicant'), eq(users.status, 'active')),
    )
    .where(isTheProject);
  const agents = db
    .select({ id: enterpriseAgents.agentUserId })
    .from(projects)
    .innerJoin(
      enterpriseAgents,
      and(eq(enterpriseAgents.enterpriseId, projects.enterpriseId), isNull(enterpriseAgents.revokedAt)),
    )
    .where(isTheProject);
  const rows = await creator.unionAll(applicants).unionAll(agents);
  return [...new Set(rows.map((r) => r.id))];
}
