import type { Procedure, ProjectFlag, ProjectStatus } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { beijingMinute, type CsvCell, type ExportLanguage } from '../../lib/csv.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { auditedCsvExport } from '../audit/audited-export.ts';
import * as repo from './projects.repository.ts';
import {
  SEARCH_WINDOW,
  searchFilter,
  toSearchItem,
  type SearchItem,
  type SearchQuery,
} from './project-search.service.ts';

/**
 * 导出: the staff search's matches as a CSV file for Excel (PRODUCT §13), in the search's order and scope (the actor's
 * region subtree), up to the SEARCH_WINDOW (10,000) rows the search pages through; `truncated` when there were more.
 * Exporting is a bulk read of enterprises' data, so it leaves an audit row with the filters and the rows exported.
 */
const TEXT = {
  'zh-CN': {
    header: [
      '项目代码',
      '项目名称',
      '项目单位',
      '建设地点',
      '办理方式',
      '状态',
      '总投资（万元）',
      '行业代码',
      '标签',
      '登记时间',
      '备案时间',
    ],
    procedure: { approval: '审批', ratification: '核准', filing: '备案' } satisfies Record<Procedure, string>,
    status: { draft: '草稿', coded: '已赋码', filed: '已备案', voided: '已撤销' } satisfies Record<
      ProjectStatus,
      string
    >,
    flag: {
      provincialKey: '省重点',
      municipalKey: '市重点',
      ppp: 'PPP',
      privateInvestmentPromotion: '民间投资推介',
    } satisfies Record<ProjectFlag, string>,
    undecided: '待确定',
  },
  en: {
    header: [
      'Project code',
      'Project name',
      'Enterprise',
      'Site',
      'Procedure',
      'Status',
      'Total investment (10k CNY)',
      'Industry code',
      'Flags',
      'Registered',
      'Filed',
    ],
    procedure: { approval: 'Approval', ratification: 'Ratification', filing: 'Filing' },
    status: { draft: 'Draft', coded: 'Coded', filed: 'Filed', voided: 'Withdrawn' },
    flag: {
      provincialKey: 'Provincial key project',
      municipalKey: 'Municipal key project',
      ppp: 'PPP',
      privateInvestmentPromotion: 'Promoted to private investors',
    },
    undecided: 'Undecided',
  },
} as const;

function row(item: SearchItem, language: ExportLanguage): CsvCell[] {
  const text = TEXT[language];
  return [
    item.code,
    item.name,
    item.enterpriseName,
    item.regionName ? `${item.regionName}（${item.regionCode}）` : item.regionCode,
    item.procedure ? text.procedure[item.procedure] : text.undecided,
    text.status[item.status],
    item.totalInvestment,
    item.industryCode,
    item.flags.map((f) => text.flag[f as ProjectFlag] ?? f).join(language === 'en' ? '; ' : '、'),
    beijingMinute(item.createdAt),
    beijingMinute(item.filedAt),
  ];
}

export async function exportProjects(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  query: Omit<SearchQuery, 'page' | 'pageSize'>,
  language: ExportLanguage,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const { regions, filter } = await searchFilter(ctx.db, actor, { ...query, page: 1, pageSize: 1 });
  const found = filter
    ? await repo.searchProjects(ctx.db, filter, query.sort, { limit: SEARCH_WINDOW, offset: 0 })
    : { rows: [], capped: false };
  const items = found.rows.map((r) => toSearchItem(r, regions));
  return auditedCsvExport(
    ctx,
    audit,
    { action: 'project.search_exported', targetType: 'project_search', after: { filter: query } },
    {
      header: TEXT[language].header,
      items,
      row: (item) => row(item, language),
      truncated: found.rows.length === SEARCH_WINDOW && found.capped,
    },
  );
}
