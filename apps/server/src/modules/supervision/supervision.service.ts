/**
 * The supervisor dashboard (issue 6 §2): counts of cases by status, region and department, the on-time rate, open cases
 * overdue / near the deadline today, and projects by status and procedure — answered from the supervision aggregates
 * (ADR 0006), never from a scan of cases. Scope: the actor's region subtree, optionally narrowed to a region within it
 * and/or one department (404 outside the scope, as everywhere).
 *
 * Served from memory at scale (ADR 0006, "Serving the dashboard"): the answer of a scope is computed once (three
 * statements in parallel) and kept, serialised, for SUPERVISION_DASHBOARD_CACHE_MILLISECONDS; past half that age the
 * next request starts a refresh in the background and is still answered from the kept copy, so a request waits for the
 * database only on a cold scope. The regions come from the shared snapshot (organisations/region-snapshot.ts): a region
 * not in it re-reads it (at most once a second), so a new region is found at once in this process and within a second
 * in another; a new child of a known region shows among its parent's children within SNAPSHOT_TTL_MS (30 s).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { shanghaiCivilDate } from '@yiwang/domain';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Actor } from '../../lib/actor.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { regionSnapshot } from '../organisations/organisations.service.ts';
import * as repo from './supervision.repository.ts';

export interface CaseFigures {
  total: number;
  byStatus: { pending: number; inProgress: number; suspended: number; approved: number; denied: number };
  open: number;
  /** Open and past the deadline today (running clock), or stopped while already overdue. */
  overdue: number;
  /** Open, clock running, not overdue, at most CLOCK_YELLOW_WORKING_DAYS working days left today. */
  yellow: number;
  decided: number;
  /** Decided no later than the deadline in force at the decision (the 办件统计 definition). */
  decidedOnTime: number;
  /** decidedOnTime / decided, 0–1; null before any decision. */
  onTimeRate: number | null;
  urged: number;
}

export interface ProjectFigures {
  total: number;
  byStatus: { draft: number; coded: number; filed: number; voided: number };
  byProcedure: { approval: number; ratification: number; filing: number; undetermined: number };
}

export interface SupervisionDashboard {
  /** The day overdue / yellow are computed for (Asia/Shanghai). */
  asOf: string;
  yellowWorkingDays: number;
  scope: { regionCode: string; regionName: string; departmentId: string | null };
  totals: CaseFigures;
  /** The scope region itself (its own departments, 本级) first, then each child region with its subtree. */
  regions: ({ regionCode: string; regionName: string; own: boolean } & CaseFigures)[];
  /**
   * The departments with cases in scope, in region / name order — or, when there are more than the request's
   * departmentLimit (default {@link DEFAULT_DEPARTMENT_LIMIT}), only that many with the most overdue (then yellow, then
   * open) cases, worst first.
   */
  departments: ({ departmentId: string; departmentName: string; regionCode: string } & CaseFigures)[];
  /** How many departments in scope have cases (the length of the full list). */
  departmentCount: number;
  /** True when `departments` holds only the worst departmentLimit of them. */
  departmentsTruncated: boolean;
  projects: ProjectFigures & { regions: ({ regionCode: string; regionName: string; own: boolean } & ProjectFigures)[] };
}

/** At province scope (~1,000 departments) a full list is ~170 KB per answer; the screen shows the worst ones. */
export const DEFAULT_DEPARTMENT_LIMIT = 100;

export interface DashboardQuery {
  regionCode?: string;
  departmentId?: string;
  /** At most this many departments (the worst); default DEFAULT_DEPARTMENT_LIMIT. */
  departmentLimit?: number;
}

interface Scope {
  region: repo.ScopeRegion;
  departmentId: string | null;
  departmentLimit: number;
}

/** Worst first: most overdue, then most yellow, then most open; ties keep the region / name order. */
function worstDepartments<T extends repo.CaseCounts>(rows: T[], limit: number): T[] {
  if (rows.length <= limit) return rows;
  return rows
    .map((row, index) => ({ row, index }))
    .sort(
      (a, b) =>
        b.row.overdue - a.row.overdue ||
        b.row.nearDeadline - a.row.nearDeadline ||
        b.row.open - a.row.open ||
        a.index - b.index,
    )
    .slice(0, limit)
    .map((x) => x.row);
}

const emptyCounts = (): repo.CaseCounts => ({
  pending: 0,
  inProgress: 0,
  suspended: 0,
  approved: 0,
  denied: 0,
  open: 0,
  overdue: 0,
  nearDeadline: 0,
  storedYellow: 0,
  storedRed: 0,
  decidedOnTime: 0,
  urged: 0,
});

function addCounts(into: repo.CaseCounts, c: repo.CaseCounts): void {
  for (const key of Object.keys(into) as (keyof repo.CaseCounts)[]) into[key] += c[key];
}

function toFigures(c: repo.CaseCounts): CaseFigures {
  const decided = c.approved + c.denied;
  return {
    total: c.open + decided,
    byStatus: {
      pending: c.pending,
      inProgress: c.inProgress,
      suspended: c.suspended,
      approved: c.approved,
      denied: c.denied,
    },
    open: c.open,
    overdue: c.overdue,
    yellow: c.nearDeadline,
    decided,
    decidedOnTime: c.decidedOnTime,
    onTimeRate: decided === 0 ? null : c.decidedOnTime / decided,
    urged: c.urged,
  };
}

const emptyProjects = (): ProjectFigures => ({
  total: 0,
  byStatus: { draft: 0, coded: 0, filed: 0, voided: 0 },
  byProcedure: { approval: 0, ratification: 0, filing: 0, undetermined: 0 },
});

function addProject(into: ProjectFigures, row: repo.RegionProjectCounts): void {
  into.total += row.n;
  if (row.status in into.byStatus) into.byStatus[row.status as keyof ProjectFigures['byStatus']] += row.n;
  const procedure = (row.procedure ?? 'undetermined') as keyof ProjectFigures['byProcedure'];
  if (procedure in into.byProcedure) into.byProcedure[procedure] += row.n;
}

/** The child region (of `children`) a path lies in, or null when it is the scope region itself. */
function childOf(children: repo.ScopeRegion[], path: string): repo.ScopeRegion | null {
  return children.find((c) => path === c.path || path.startsWith(`${c.path}/`)) ?? null;
}

/** Today (Asia/Shanghai) and the first day that is no longer yellow: addWorkingDays(today, N + 1). */
async function dayBounds(ctx: AppContext): Promise<{ today: string; yellowBefore: string }> {
  const today = shanghaiCivilDate(ctx.clock.now().getTime());
  const calendar = await loadCalendar(ctx);
  // remaining = working days in (today, deadline]; yellow iff remaining ≤ N iff deadline < the (N+1)-th working day.
  const yellowBefore = calendar.addWorkingDays(today, ctx.config.clockYellowWorkingDays + 1).date;
  return { today, yellowBefore };
}

/** Region and children from the shared snapshot (organisations/region-snapshot.ts): no query per dashboard. */
async function findRegion(ctx: AppContext, code: string): Promise<repo.ScopeRegion | undefined> {
  return (await regionSnapshot(ctx.db, [code])).byCode.get(code);
}

async function findChildRegions(ctx: AppContext, region: repo.ScopeRegion): Promise<repo.ScopeRegion[]> {
  return [...(await regionSnapshot(ctx.db, [region.code])).childrenOf(region.code)];
}

async function resolveScope(ctx: AppContext, actor: Actor, query: DashboardQuery): Promise<Scope> {
  const home = await findRegion(ctx, actor.regionCode);
  if (!home) throw new AppError('NOT_FOUND', { message: '辖区不存在', messageEn: 'Your region does not exist' });
  let region = home;
  if (query.regionCode && query.regionCode !== home.code) {
    const narrowed = await findRegion(ctx, query.regionCode);
    if (!narrowed || !narrowed.path.startsWith(`${home.path}/`))
      throw new AppError('NOT_FOUND', {
        message: '区划不存在或不在您的辖区内',
        messageEn: 'No such region within your jurisdiction',
      });
    region = narrowed;
  }
  if (query.departmentId && !(await repo.findDepartmentInScope(ctx.db, query.departmentId, region.path)))
    throw new AppError('NOT_FOUND', {
      message: '部门不存在或不在所选辖区内',
      messageEn: 'No such department within the selected region',
    });
  return {
    region,
    departmentId: query.departmentId ?? null,
    departmentLimit: query.departmentLimit ?? DEFAULT_DEPARTMENT_LIMIT,
  };
}

export async function supervisionDashboard(
  ctx: AppContext,
  actor: Actor,
  query: DashboardQuery,
): Promise<SupervisionDashboard> {
  return computeDashboard(ctx, await resolveScope(ctx, actor, query));
}

interface CachedDashboard {
  /** ctx.clock time of the computation's start (the figures are exact as of then). */
  at: number;
  /** The UTF-8 JSON, encoded once. */
  json: Promise<Buffer>;
  /** The same JSON gzipped, made on the first request that accepts it (off the event loop, once per copy). */
  gzip?: Promise<Buffer>;
  refreshing: boolean;
}

/** The dashboard's body as sent: the JSON, or its gzip copy for a client that accepts gzip. */
export interface DashboardBody {
  body: Buffer;
  gzipped: boolean;
}

const gzipAsync = promisify(zlib.gzip);

const dashboardCaches = new WeakMap<object, Map<string, CachedDashboard>>();
/** Beyond this many cached scopes, the expired ones are dropped (and all of them if that is not enough). */
const MAX_CACHED_SCOPES = 1000;

/**
 * The dashboard as the body the route sends, from the per-process cache (see the module comment): at most
 * SUPERVISION_DASHBOARD_CACHE_MILLISECONDS old, refreshed in the background past half that age. 0 disables the cache
 * (and the gzip copy: nothing would be kept to compress once).
 *
 * With `gzip`, the cached copy's gzipped form, made once per copy: a province's answer is ~40 KB of JSON and ~5 KB
 * gzipped, which a supervisor on a phone or a county network waits for, and browsers always accept gzip. (On the bench's
 * loopback it changed little: 0.15 vs 0.16 ms of server CPU per request, within the run-to-run noise.)
 */
export async function supervisionDashboardBody(
  ctx: AppContext,
  actor: Actor,
  query: DashboardQuery,
  options: { gzip: boolean },
): Promise<DashboardBody> {
  const scope = await resolveScope(ctx, actor, query);
  const maxAge = ctx.config.supervisionDashboardCacheMilliseconds;
  const compute = async () => Buffer.from(JSON.stringify(await computeDashboard(ctx, scope)));
  if (maxAge === 0) return { body: await compute(), gzipped: false };
  const entry = cachedDashboard(ctx, scope, maxAge, compute);
  if (!options.gzip) return { body: await entry.json, gzipped: false };
  entry.gzip ??= entry.json.then((json) => gzipAsync(json));
  return { body: await entry.gzip, gzipped: true };
}

/** The cache entry of a scope: the kept copy, or a new one (see supervisionDashboardBody). */
function cachedDashboard(
  ctx: AppContext,
  scope: Scope,
  maxAge: number,
  compute: () => Promise<Buffer>,
): CachedDashboard {
  let cache = dashboardCaches.get(ctx.db);
  if (!cache) dashboardCaches.set(ctx.db, (cache = new Map()));
  const now = ctx.clock.now().getTime();
  // The day is part of the key: overdue / yellow are computed for it.
  const key = `${shanghaiCivilDate(now)}|${scope.region.code}|${scope.departmentId ?? ''}|${scope.departmentLimit}`;
  const store = (): CachedDashboard => {
    const entry: CachedDashboard = { at: now, json: compute(), refreshing: false };
    entry.json.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    if (cache.size >= MAX_CACHED_SCOPES) {
      for (const [k, e] of cache) if (now - e.at >= maxAge) cache.delete(k);
      if (cache.size >= MAX_CACHED_SCOPES) cache.clear();
    }
    cache.set(key, entry);
    return entry;
  };
  const entry = cache.get(key);
  if (!entry || now - entry.at >= maxAge || now < entry.at) return store();
  if (now - entry.at >= maxAge / 2 && !entry.refreshing) {
    entry.refreshing = true;
    const next = { at: now, json: compute(), refreshing: false };
    // Swap in only once computed, so requests meanwhile are answered from the current copy at once.
    next.json.then(
      () => {
        if (cache.get(key) === entry) cache.set(key, next);
      },
      () => {
        entry.refreshing = false;
      },
    );
  }
  return entry;
}

async function computeDashboard(
  ctx: AppContext,
  { region, departmentId, departmentLimit }: Scope,
): Promise<SupervisionDashboard> {
  const { today, yellowBefore } = await dayBounds(ctx);
  const [rows, children, projectRows] = await Promise.all([
    repo.departmentCaseCounts(ctx.db, {
      scopePath: region.path,
      ...(departmentId ? { departmentId } : {}),
      today,
      yellowBefore,
    }),
    findChildRegions(ctx, region),
    departmentId ? Promise.resolve([]) : repo.projectCounts(ctx.db, region.path),
  ]);

  const totals = emptyCounts();
  const own = emptyCounts();
  const byChild = new Map(children.map((c) => [c.code, emptyCounts()]));
  for (const row of rows) {
    addCounts(totals, row);
    const child = childOf(children, row.regionPath);
    addCounts(child ? byChild.get(child.code)! : own, row);
  }

  const projectTotals = emptyProjects();
  const projectOwn = emptyProjects();
  const projectByChild = new Map(children.map((c) => [c.code, emptyProjects()]));
  for (const row of projectRows) {
    addProject(projectTotals, row);
    const child = row.regionPath ? childOf(children, row.regionPath) : null;
    addProject(child ? projectByChild.get(child.code)! : projectOwn, row);
  }

  return {
    asOf: today,
    yellowWorkingDays: ctx.config.clockYellowWorkingDays,
    scope: { regionCode: region.code, regionName: region.name, departmentId },
    totals: toFigures(totals),
    regions: [
      { regionCode: region.code, regionName: region.name, own: true, ...toFigures(own) },
      ...children.map((c) => ({
        regionCode: c.code,
        regionName: c.name,
        own: false,
        ...toFigures(byChild.get(c.code)!),
      })),
    ],
    departments: worstDepartments(rows, departmentLimit).map((r) => ({
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      regionCode: r.regionCode,
      ...toFigures(r),
    })),
    departmentCount: rows.length,
    departmentsTruncated: rows.length > departmentLimit,
    projects: {
      ...projectTotals,
      regions: [
        { regionCode: region.code, regionName: region.name, own: true, ...projectOwn },
        ...children.map((c) => ({
          regionCode: c.code,
          regionName: c.name,
          own: false,
          ...projectByChild.get(c.code)!,
        })),
      ],
    },
  };
}

/** The 办件统计 row of one department, in the shape `GET /api/supervision/figures` has always had. */
export interface DepartmentFigures {
  departmentId: string;
  departmentName: string;
  regionCode: string;
  open: number;
  suspended: number;
  /** Open cases at the level the warning sweep last stored. */
  yellow: number;
  red: number;
  approved: number;
  denied: number;
  decidedOnTime: number;
  urged: number;
}

/**
 * Per-department 办件统计 of a region subtree from the aggregates (used by cases' `GET /api/supervision/figures`): the
 * same figures the former live grouped query gave, yellow / red being the stored clock level.
 */
export async function departmentFiguresOf(ctx: AppContext, regionPath: string): Promise<DepartmentFigures[]> {
  // today / yellowBefore only feed the derived overdue / yellow, which these figures do not use.
  const rows = await repo.departmentCaseCounts(ctx.db, {
    scopePath: regionPath,
    today: '1970-01-01',
    yellowBefore: '1970-01-01',
  });
  return rows.map((r) => ({
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    regionCode: r.regionCode,
    open: r.open,
    suspended: r.suspended,
    yellow: r.storedYellow,
    red: r.storedRed,
    approved: r.approved,
    denied: r.denied,
    decidedOnTime: r.decidedOnTime,
    urged: r.urged,
  }));
}
