import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { COUNT_CAP } from '../../lib/capped-total.ts';
import type { CsvCell, ExportLanguage } from '../../lib/csv.ts';
import type { AuditContext } from '../audit/audit.service.ts';
import { auditedCsvExport } from '../audit/audited-export.ts';
import { listSupervisionCases, type CaseListItem } from './cases.service.ts';

/**
 * 督办台账: a supervisor's warned cases (yellow, red or both) as a CSV file for Excel — the list of the supervision
 * workbench, in its order (nearest deadline first, so the longest overdue lead), up to COUNT_CAP (10,000) rows;
 * `truncated` when the region had more. The working days left are a number, negative when overdue, so that a
 * spreadsheet can sort and sum them. Audited like the project export: a bulk read of the region's cases.
 */
const TEXT = {
  'zh-CN': {
    header: [
      '办件编号',
      '事项',
      '承办部门',
      '项目名称',
      '项目代码',
      '项目单位',
      '状态',
      '当前环节',
      '办理期限',
      '剩余工作日（负数为超期）',
      '预警',
      '督办次数',
    ],
    status: {
      pending: '预审中（待前置结果）',
      inProgress: '办理中',
      suspended: '特别程序（暂停计时）',
      approved: '准予许可',
      denied: '不予许可',
    },
    level: { normal: '正常', yellow: '黄牌临期', red: '红牌超期' },
  },
  en: {
    header: [
      'Case number',
      'Matter',
      'Department',
      'Project name',
      'Project code',
      'Enterprise',
      'Status',
      'Current step',
      'Deadline',
      'Working days left (negative: overdue)',
      'Warning',
      'Times urged',
    ],
    status: {
      pending: 'Waiting for a prerequisite',
      inProgress: 'In progress',
      suspended: 'Special procedure (clock stopped)',
      approved: 'Approved',
      denied: 'Denied',
    },
    level: { normal: 'Normal', yellow: 'Yellow: due soon', red: 'Red: overdue' },
  },
} as const;

function row(item: CaseListItem, language: ExportLanguage): CsvCell[] {
  const text = TEXT[language];
  return [
    item.caseNumber,
    item.matterName,
    item.departmentName,
    item.projectName,
    item.projectCode,
    item.enterpriseName,
    text.status[item.status],
    item.currentStepName,
    item.deadline,
    item.remainingWorkingDays,
    text.level[item.level],
    item.urgeCount,
  ];
}

export async function exportSupervisionCases(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  query: { level?: 'yellow' | 'red' | undefined },
  language: ExportLanguage,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const { items, total } = await listSupervisionCases(ctx, actor, { ...query, page: 1, pageSize: COUNT_CAP });
  return auditedCsvExport(
    ctx,
    audit,
    {
      action: 'supervision.cases_exported',
      targetType: 'region',
      targetId: actor.regionCode,
      after: { level: query.level ?? 'all' },
    },
    {
      header: TEXT[language].header,
      items,
      row: (item) => row(item, language),
      truncated: total > items.length,
    },
  );
}
