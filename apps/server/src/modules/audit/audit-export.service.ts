import type { AppContext } from '../../lib/app-context.ts';
import { COUNT_CAP } from '../../lib/capped-total.ts';
import { beijingMinute, type CsvCell, type ExportLanguage } from '../../lib/csv.ts';
import type { AuditContext } from './audit.service.ts';
import { listAuditEvents, type AuditEventView } from './audit.service.ts';
import { auditedCsvExport } from './audited-export.ts';

/**
 * 审计日志导出: the audit admin's list, with its filters and order (newest first), as a CSV file — for the periodic
 * review and the off-line copy 等保 8.1.4.3 c and 8.1.5.4 ask of audit records. At most COUNT_CAP (10,000) rows;
 * `truncated` when there were more (narrow the filters). Before and after are the recorded JSON, as written. The
 * export itself is audited (`audit.events_exported`), so a review of the trail shows who took a copy of what.
 */
const HEADER = {
  'zh-CN': [
    '序号',
    '时间（北京时间）',
    '操作人',
    '角色',
    '操作',
    '对象类型',
    '对象标识',
    'IP',
    '请求标识',
    '变更前',
    '变更后',
    '链哈希',
  ],
  en: [
    'Seq',
    'Time (Beijing)',
    'Actor',
    'Role',
    'Action',
    'Target type',
    'Target id',
    'IP',
    'Request id',
    'Before',
    'After',
    'Chain hash',
  ],
} as const;

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value));

function row(event: AuditEventView): CsvCell[] {
  return [
    event.seq,
    beijingMinute(event.occurredAt),
    event.actorUsername,
    event.actorRole,
    event.action,
    event.targetType,
    event.targetId,
    event.ip,
    event.requestId,
    json(event.before),
    json(event.after),
    event.hash,
  ];
}

export async function exportAuditEvents(
  ctx: AppContext,
  audit: AuditContext,
  filter: { action?: string; actor?: string; targetType?: string },
  language: ExportLanguage,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const list = await listAuditEvents(ctx.db, { ...filter, page: 1, pageSize: COUNT_CAP });
  return auditedCsvExport(
    ctx,
    audit,
    { action: 'audit.events_exported', targetType: 'audit_events', after: { filter } },
    {
      header: HEADER[language],
      items: list.items,
      row,
      truncated: list.totalIsLowerBound && list.items.length >= COUNT_CAP,
    },
  );
}
