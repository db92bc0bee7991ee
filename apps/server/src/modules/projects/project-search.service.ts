import type { Actor } from '../../lib/actor.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import type { Procedure, ProjectFlag, ProjectStatus } from '../../db/schema/index.ts';
import * as repo from './projects.repository.ts';
import { regionSnapshot, type RegionSnapshot } from '../organisations/organisations.service.ts';
import type { Db } from '../../db/database.ts';
import { SearchCountCache } from './search-count-cache.ts';
import { nameGramStats, planNameMatch } from './name-match-plan.ts';
import { chineseNameCollation } from './name-collation.ts';
import { MAX_MERGED_REGIONS_BY_NAME, planRegionPage } from './region-page-plan.ts';

export interface SearchQuery {
  q?: string | undefined;
  code?: string | undefined;
  regionCode?: string | undefined;
  industryCode?: string | undefined;
  procedure?: Procedure | undefined;
  status?: ProjectStatus | undefined;
  investmentMin?: number | undefined;
  investmentMax?: number | undefined;
  flag?: ProjectFlag | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  page: number;
  pageSize: number;
  sort: repo.SearchSort;
}

export interface SearchItem {
  id: string;
  code: string | null;
  name: string;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  procedure: Procedure | null;
  status: ProjectStatus;
  totalInvestment: number | null;
  industryCode: string | null;
  flags: string[];
  createdAt: string;
  filedAt: string | null;
}

/** Midnight of a civil date in Asia/Shanghai, and of the day after (an inclusive `createdTo` becomes `<` next day). */
const shanghaiMidnight = (date: string, plusDays = 0) =>
  new Date(new Date(`${date}T00:00:00+08:00`).getTime() + plusDays * 86_400_000);

/** One count cache per database (tests run many in one process). */
const countCaches = new WeakMap<object, SearchCountCache>();
function searchCountCache(ctx: AppContext): SearchCountCache {
  let cache = countCaches.get(ctx.db);
  if (!cache) countCaches.set(ctx.db, (cache = new SearchCountCache(() => ctx.config.searchCountCacheSeconds * 1000)));
  return cache;
}

/** Results that can be paged through (page × pageSize): beyond this the user narrows the filters (issue 6). */
export const SEARCH_WINDOW = repo.SEARCH_COUNT_CAP;

/** Both lists end at the SEARCH_WINDOW-th result: a page beyond it is a field error on `page`, saying how to narrow. */
function beyondSearchWindow(
  query: { page: number; pageSize: number },
  narrow: { zh: string; en: string },
): FieldError[] {
  if (query.page * query.pageSize <= SEARCH_WINDOW) return [];
  const window = SEARCH_WINDOW.toLocaleString('en');
  return [
    {
      field: 'page',
      message: `最多可查看前 ${window} 条结果，${narrow.zh}`,
      messageEn: `only the first ${window} results can be paged through; ${narrow.en}`,
    },
  ];
}

/**
 * Staff search within the actor's region subtree (window, departments, supervision). A `regionCode` outside the scope
 * simply narrows to nothing; an unknown one is a 400. Drafts are never listed. `total` is exact up to 10,000; above
 * that it is 10,000 with `totalIsLowerBound` (shown as "10,000+"); a total may be reused for SEARCH_COUNT_CACHE_SECONDS
 * (search-count-cache.ts). Pages end at the 10,000th result (400 on `page`
 * beyond). `q` needs two characters at least: a single character matches a large share of all names and no index
 * can serve it.
 */
export async function searchProjects(
  ctx: AppContext,
  actor: Actor,
  query: SearchQuery,
): Promise<{ items: SearchItem[]; total: number; totalIsLowerBound: boolean }> {
  const { regions, filter } = await searchFilter(ctx.db, actor, query);
  if (!filter) return { items: [], total: 0, totalIsLowerBound: false };
  const { rows, total, capped } = await repo.searchProjects(
    ctx.db,
    filter,
    query.sort,
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
    // The same matches however the name is matched and the page read: the plans are no part of the count's key.
    (count) => searchCountCache(ctx).get({ ...filter, nameMatch: undefined, regionPage: undefined }, count),
  );
  return { total, totalIsLowerBound: capped, items: rows.map((r) => toSearchItem(r, regions)) };
}

/** A row of the staff search as the API answers it (the region's name from the snapshot the filter was drawn from). */
export function toSearchItem(
  r: Awaited<ReturnType<typeof repo.searchProjects>>['rows'][number],
  regions: RegionSnapshot,
): SearchItem {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    enterpriseName: r.enterpriseName,
    regionCode: r.regionCode ?? '',
    regionName: (r.regionCode && regions.byCode.get(r.regionCode)?.name) ?? '',
    procedure: r.procedure,
    status: r.status,
    totalInvestment: repo.numericToNumber(r.totalInvestment),
    industryCode: r.industryCode,
    flags: r.flags,
    createdAt: r.createdAt.toISOString(),
    filedAt: r.filedAt?.toISOString() ?? null,
  };
}

/**
 * The repository filter of a staff search (field errors as VALIDATION_FAILED), with the region snapshot it was drawn
 * from; no filter when the search leaves the actor's scope (nothing to list). Exported for the bench, which EXPLAINs the
 * statements a search runs (bench/dataset/scenarios.ts).
 */
export async function searchFilter(
  db: Db,
  actor: Pick<Actor, 'regionCode'>,
  query: SearchQuery,
): Promise<{ regions: RegionSnapshot; filter?: repo.ProjectSearchFilter }> {
  const problems: FieldError[] = [];
  const regions = await regionSnapshot(db, query.regionCode ? [query.regionCode, actor.regionCode] : []);
  const region = query.regionCode ? regions.byCode.get(query.regionCode) : undefined;
  if (query.regionCode && !region) {
    problems.push({
      field: 'regionCode',
      message: `区划代码 ${query.regionCode} 不存在`,
      messageEn: `unknown region code ${query.regionCode}`,
    });
  }
  const q = query.q?.trim() || undefined;
  if (q && repo.charLength(q) < 2) {
    problems.push({
      field: 'q',
      message: '项目名称请至少输入 2 个字',
      messageEn: 'enter at least 2 characters of the project name',
    });
  }
  if (query.investmentMin !== undefined && query.investmentMax !== undefined) {
    if (query.investmentMin > query.investmentMax) {
      problems.push({
        field: 'investmentMax',
        message: '总投资上限不能小于下限',
        messageEn: 'investmentMax is below investmentMin',
      });
    }
  }
  if (query.createdFrom && query.createdTo && query.createdTo < query.createdFrom) {
    problems.push({
      field: 'createdTo',
      message: '结束日期不能早于开始日期',
      messageEn: 'createdTo is before createdFrom',
    });
  }
  problems.push(
    ...beyondSearchWindow(query, {
      zh: '请缩小检索条件（如区划、状态、登记日期）',
      en: 'narrow the filters (region, status, created date)',
    }),
  );
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const scope = regions.byCode.get(actor.regionCode);
  if (!scope) return { regions };
  // The subtree searched: the scope's, or the filter region's when it lies within the scope; a filter region above
  // the scope leaves the scope, and one beside it leaves nothing.
  const within = (path: string, root: string) => path === root || path.startsWith(`${root}/`);
  let root: string | undefined = scope.path;
  if (region)
    root = within(region.path, scope.path) ? region.path : within(scope.path, region.path) ? scope.path : undefined;
  if (!root) return { regions };
  const codes = regions.subtree(root);
  // The whole province is searched without a region test ('all'), except by name: then it is merged from its regions
  // as a subtree is (region-page-plan.ts), and the merge needs their codes.
  const mergedByName = query.sort === 'name' && !q && codes.length <= MAX_MERGED_REGIONS_BY_NAME;
  const regionCodes = codes.length === regions.size && !mergedByName ? 'all' : codes;
  const page = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
  const scopeShare = codes.length / regions.size;
  return {
    regions,
    filter: {
      regionCodes,
      q,
      nameMatch: q ? planNameMatch(q, await nameGramStats(db), page, scopeShare) : undefined,
      regionPage: planRegionPage({ regionCodes, scopeShare, sort: query.sort, page, q }),
      nameCollation: query.sort === 'name' ? await chineseNameCollation(db) : undefined,
      code: query.code,
      industryCode: query.industryCode,
      procedure: query.procedure,
      status: query.status,
      investmentMin: query.investmentMin,
      investmentMax: query.investmentMax,
      flag: query.flag,
      createdFrom: query.createdFrom ? shanghaiMidnight(query.createdFrom) : undefined,
      createdBefore: query.createdTo ? shanghaiMidnight(query.createdTo, 1) : undefined,
    },
  };
}

export interface PublicFiling {
  code: string;
  name: string;
  status: ProjectStatus;
  regionCode: string;
  regionName: string;
  procedure: Procedure;
  filedAt: string | null;
  enterpriseName: string;
}

/**
 * 公示 of filed projects: public fields and the enterprise's name (public information; no personal data). `total` as in
 * the staff search: exact up to 10,000, else 10,000 with `totalIsLowerBound`, possibly SEARCH_COUNT_CACHE_SECONDS old;
 * pages end at the 10,000th result.
 */
export async function publicFilings(
  ctx: AppContext,
  query: { page: number; pageSize: number; regionCode?: string | undefined },
): Promise<{ items: PublicFiling[]; total: number; totalIsLowerBound: boolean }> {
  const regions = await regionSnapshot(ctx.db, query.regionCode ? [query.regionCode] : []);
  const region = query.regionCode ? regions.byCode.get(query.regionCode) : undefined;
  const problems: FieldError[] = [];
  if (query.regionCode && !region) {
    problems.push({
      field: 'regionCode',
      message: `区划代码 ${query.regionCode} 不存在`,
      messageEn: `unknown region code ${query.regionCode}`,
    });
  }
  problems.push(...beyondSearchWindow(query, { zh: '请选择区划缩小范围', en: 'choose a region' }));
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const codes = region ? regions.subtree(region.path) : undefined;
  const filter = { regionCodes: !codes || codes.length === regions.size ? ('all' as const) : codes };
  const { rows, total, capped } = await repo.findPublicFilings(
    ctx.db,
    filter,
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
    (count) => searchCountCache(ctx).get({ publicFilings: filter }, count),
  );
  return {
    total,
    totalIsLowerBound: capped,
    items: rows.map((r) => ({
      code: r.code ?? '',
      name: r.name,
      status: r.status,
      regionCode: r.regionCode ?? '',
      regionName: (r.regionCode && regions.byCode.get(r.regionCode)?.name) ?? '',
      procedure: r.procedure ?? 'filing',
      filedAt: r.filedAt?.toISOString() ?? null,
      enterpriseName: r.enterpriseName,
    })),
  };
}
