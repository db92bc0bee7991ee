import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import type { Db } from '../../db/database.ts';
import { runAuditedTransaction, type AuditContext, type RecordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../../db/database.ts';
import * as repo from './organisations.repository.ts';
import { forgetRegionSnapshot } from './region-snapshot.ts';

export type RegionLevel = 'province' | 'city' | 'county' | 'zone';

export interface RegionView {
  code: string;
  name: string;
  parentCode: string | null;
  level: RegionLevel;
}

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  kind: string;
  regionCode: string;
  regionName: string;
}

/** Department kinds every region may have; `kind` lets later modules find "the 住建 of this county". */
export const DEPARTMENT_KINDS = {
  ndrc: '发展和改革局',
  naturalResources: '自然资源和规划局',
  housing: '住房和城乡建设局',
  ecology: '生态环境局',
  water: '水利局',
  civilAirDefence: '人防办',
  fireRescue: '消防救援局',
  approvalService: '行政审批服务局（政务服务中心）',
  finance: '财政局',
  other: '其他',
} as const;
export type DepartmentKind = keyof typeof DEPARTMENT_KINDS;

export async function listRegions(ctx: AppContext): Promise<RegionView[]> {
  const rows = await repo.findRegions(ctx.db);
  return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, level: r.level }));
}

/**
 * Regions are reference data that never change once created (there is no update or delete: a code, its name and its
 * path are fixed; GB/T 2260 changes arrive as new regions). So a region once read is kept for the life of the process —
 * a few thousand rows at most, nationwide — and every staff request's scope check (isRegionWithin) and every project
 * view stops costing a query. Unknown codes are not cached, so a region created by another process is found at once.
 * Keyed by database, because tests run many databases in one process.
 */
const regionCache = new WeakMap<object, Map<string, repo.RegionRow>>();

async function findRegionCached(db: Db, code: string): Promise<repo.RegionRow | undefined> {
  let cache = regionCache.get(db);
  if (!cache) regionCache.set(db, (cache = new Map()));
  const cached = cache.get(code);
  if (cached) return cached;
  const row = await repo.findRegion(db, code);
  if (row) cache.set(code, row);
  return row;
}

export { regionSnapshot, type RegionEntry, type RegionSnapshot } from './region-snapshot.ts';

export async function getRegion(db: Db, code: string) {
  return findRegionCached(db, code);
}

/** True when `code` is `scopeCode` or lies under it: the data-scope rule (region subtree) of every staff account. */
export async function isRegionWithin(db: Db, code: string, scopeCode: string): Promise<boolean> {
  const [region, scope] = await Promise.all([findRegionCached(db, code), findRegionCached(db, scopeCode)]);
  if (!region || !scope) return false;
  return region.path === scope.path || region.path.startsWith(`${scope.path}/`);
}

export async function regionPathOf(db: Db, code: string): Promise<string | undefined> {
  return (await findRegionCached(db, code))?.path;
}

/**
 * Adds a region or functional zone under a parent within the admin's scope. GB/T 2260 codes are six digits; a
 * platform-assigned functional zone (e.g. 330354 温州生态园) uses the same shape (DOMAIN.md §2).
 */
export async function createRegion(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { code: string; name: string; parentCode: string; level: RegionLevel },
): Promise<RegionView> {
  const parent = await repo.findRegion(ctx.db, input.parentCode);
  if (!parent || !(await isRegionWithin(ctx.db, parent.code, actor.regionCode))) {
    throw AppError.invalidField(
      'parentCode',
      '上级区划不存在或不在管理范围内',
      'unknown parent region or outside your scope',
    );
  }
  if (input.level === 'province') {
    throw AppError.invalidField('level', '不能在区划下新增省级区划', 'a province cannot have a parent');
  }
  if (await repo.findRegion(ctx.db, input.code)) {
    throw new AppError('CONFLICT', {
      fields: [{ field: 'code', message: '区划代码已存在', messageEn: 'region code already exists' }],
    });
  }
  const created = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.insertRegion(tx, { ...input, path: `${parent.path}/${input.code}` });
    await recordAudit({ action: 'region.created', targetType: 'region', targetId: row.code, after: input });
    return row;
  });
  forgetRegionSnapshot(ctx.db);
  return { code: created.code, name: created.name, parentCode: created.parentCode, level: created.level };
}

export async function listDepartments(ctx: AppContext, regionCode: string | undefined): Promise<DepartmentView[]> {
  let path: string | undefined;
  if (regionCode) {
    path = await regionPathOf(ctx.db, regionCode);
    if (!path) return [];
  }
  const rows = await repo.findDepartments(ctx.db, path);
  return rows.map((d) => ({
    id: d.id,
    code: d.code,
    name: d.name,
    kind: d.kind,
    regionCode: d.regionCode,
    regionName: d.regionName,
  }));
}

export async function getDepartment(db: Db, id: string) {
  return repo.findDepartment(db, id);
}

export async function createDepartment(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { code: string; name: string; kind: DepartmentKind; regionCode: string },
): Promise<DepartmentView> {
  const region = await repo.findRegion(ctx.db, input.regionCode);
  if (!region || !(await isRegionWithin(ctx.db, region.code, actor.regionCode))) {
    throw AppError.invalidField('regionCode', '区划不存在或不在管理范围内', 'unknown region or outside your scope');
  }
  const existing = (await repo.findDepartments(ctx.db, region.path)).find(
    (d) => d.regionCode === input.regionCode && d.code === input.code,
  );
  if (existing) {
    throw new AppError('CONFLICT', {
      fields: [
        { field: 'code', message: '该区划下部门代码已存在', messageEn: 'department code already used in this region' },
      ],
    });
  }
  const created = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.insertDepartment(tx, input);
    await recordAudit({ action: 'department.created', targetType: 'department', targetId: row.id, after: input });
    return row;
  });
  return { ...created, regionName: region.name };
}

/**
 * For operator provisioning: makes sure the deployment's root region exists (inside the caller's transaction). An
 * existing region with that code must have the same name; returns whether it was created.
 */
export async function insertRootRegionIfMissing(
  tx: Tx,
  region: { code: string; name: string; level: 'province' | 'city' | 'county' },
  recordAudit: RecordAudit,
): Promise<boolean> {
  const existing = await repo.findRegion(tx, region.code);
  if (existing) {
    if (existing.name !== region.name) {
      throw AppError.invalidField(
        'region',
        `区划 ${region.code} 已存在，名称为 ${existing.name}`,
        `region ${region.code} exists as ${existing.name}`,
      );
    }
    return false;
  }
  await repo.insertRegion(tx, { ...region, parentCode: null, path: region.code });
  await recordAudit({ action: 'region.created', targetType: 'region', targetId: region.code, after: region });
  return true;
}
