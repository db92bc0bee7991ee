import type { Actor } from '../../lib/actor.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import type { Procedure, ProjectFlag, ProjectStatus } from '../../db/schema/index.ts';
import { regionPathOf } from '../organisations/organisations.service.ts';
import * as repo from './projects.repository.ts';

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

/**
 * Staff search within the actor's region subtree (window, departments, supervision). A `regionCode` outside the scope
 * simply narrows to nothing; an unknown one is a 400. Drafts are never listed.
 */
export async function searchProjects(
  ctx: AppContext,
  actor: Actor,
  query: SearchQuery,
): Promise<{ items: SearchItem[]; total: number }> {
  const problems: FieldError[] = [];
  const regionPath = query.regionCode ? await regionPathOf(ctx.db, query.regionCode) : undefined;
  if (query.regionCode && !regionPath) {
    problems.push({
      field: 'regionCode',
      message: `区划代码 ${query.regionCode} 不存在`,
      messageEn: `unknown region code ${query.regionCode}`,
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
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const scopePath = await regionPathOf(ctx.db, actor.regionCode);
  if (!scopePath) return { items: [], total: 0 };
  const { rows, total } = await repo.searchProjects(
    ctx.db,
    {
      scopePath,
      regionPath,
      q: query.q?.trim() || undefined,
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
    query.sort,
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      enterpriseName: r.enterpriseName,
      regionCode: r.regionCode ?? '',
      regionName: r.regionName,
      procedure: r.procedure,
      status: r.status,
      totalInvestment: repo.numericToNumber(r.totalInvestment),
      industryCode: r.industryCode,
      flags: r.flags,
      createdAt: r.createdAt.toISOString(),
      filedAt: r.filedAt?.toISOString() ?? null,
    })),
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

/** 公示 of filed projects: public fields and the enterprise's name (public information; no personal data). */
export async function publicFilings(
  ctx: AppContext,
  query: { page: number; pageSize: number; regionCode?: string | undefined },
): Promise<{ items: PublicFiling[]; total: number }> {
  const regionPath = query.regionCode ? await regionPathOf(ctx.db, query.regionCode) : undefined;
  if (query.regionCode && !regionPath) {
    throw AppError.invalidField(
      'regionCode',
      `区划代码 ${query.regionCode} 不存在`,
      `unknown region code ${query.regionCode}`,
    );
  }
  const { rows, total } = await repo.findPublicFilings(
    ctx.db,
    { regionPath },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return {
    total,
    items: rows.map((r) => ({
      code: r.code ?? '',
      name: r.name,
      status: r.status,
      regionCode: r.regionCode ?? '',
      regionName: r.regionName,
      procedure: r.procedure ?? 'filing',
      filedAt: r.filedAt?.toISOString() ?? null,
      enterpriseName: r.enterpriseName,
    })),
  };
}
