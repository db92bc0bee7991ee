import type { MessageKey, Translate } from '../../../app/i18n/i18n.tsx';
import {
  FUND_SOURCE_KINDS,
  INVESTMENT_NATURES,
  PROCEDURES,
  PROJECT_FLAGS,
  PROJECT_STATUSES,
  PROJECT_TYPES,
  type FundSourceKind,
  type InvestmentNature,
  type Procedure,
  type ProjectFlag,
  type ProjectStatus,
  type ProjectType,
} from '../api/projects.api.ts';

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

export const statusLabelKey = (status: ProjectStatus): MessageKey => `project.status.${status}`;
export const procedureLabelKey = (procedure: Procedure): MessageKey => `project.procedure.${procedure}`;
export const projectTypeLabelKey = (type: ProjectType): MessageKey => `project.type.${type}`;
export const natureLabelKey = (nature: InvestmentNature): MessageKey => `project.nature.${nature}`;
export const flagLabelKey = (flag: ProjectFlag): MessageKey => `project.flag.${flag}`;
export const fundKindLabelKey = (kind: FundSourceKind): MessageKey => `project.fund.${kind}`;

/** The information items of a project (DOMAIN.md §3), in the order forms and pages show them. */
export const PROJECT_FIELDS = [
  'name',
  'regionCode',
  'address',
  'scaleAndContent',
  'plannedStart',
  'plannedEnd',
  'totalInvestment',
  'fundSources',
  'industryCode',
  'projectType',
  'investmentNature',
  'flags',
  'industrialPolicyStatement',
] as const;
export type ProjectField = (typeof PROJECT_FIELDS)[number];

export const isProjectField = (field: string): field is ProjectField => isOneOf(PROJECT_FIELDS, field);
export const fieldLabelKey = (field: ProjectField): MessageKey => `project.field.${field}`;

/** A label for any value of a known enumeration, or the value itself. */
export function enumLabel(t: Translate, value: unknown): string {
  if (isOneOf(PROJECT_STATUSES, value)) return t(statusLabelKey(value));
  if (isOneOf(PROCEDURES, value)) return t(procedureLabelKey(value));
  if (isOneOf(PROJECT_TYPES, value)) return t(projectTypeLabelKey(value));
  if (isOneOf(INVESTMENT_NATURES, value)) return t(natureLabelKey(value));
  if (isOneOf(PROJECT_FLAGS, value)) return t(flagLabelKey(value));
  if (isOneOf(FUND_SOURCE_KINDS, value)) return t(fundKindLabelKey(value));
  return String(value);
}

const wanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `1,234.50 万元` / `1,234.50 (10k CNY)`. */
export function formatWan(t: Translate, amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  return t('project.amountWan', { amount: wanFormat.format(amount) });
}

/** Human text of a field value as history and change records carry it (before/after). */
export function formatFieldValue(t: Translate, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'totalInvestment' && typeof value === 'number') return formatWan(t, value);
  if (field === 'fundSources' && Array.isArray(value)) {
    return (
      value
        .map((source: { kind?: unknown; amount?: unknown }) =>
          typeof source.amount === 'number'
            ? `${enumLabel(t, source.kind)} ${formatWan(t, source.amount)}`
            : enumLabel(t, source.kind),
        )
        .join(t('common.listSeparator')) || '—'
    );
  }
  if (field === 'industrialPolicyStatement' && typeof value === 'boolean') {
    return value ? t('project.statement.yes') : t('project.statement.no');
  }
  if (Array.isArray(value)) return value.map((item) => enumLabel(t, item)).join(t('common.enumSeparator')) || '—';
  if (field === 'projectType' || field === 'investmentNature' || field === 'status' || field === 'procedure') {
    return enumLabel(t, value);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
