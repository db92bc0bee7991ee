import { Tag } from 'antd';
import { DEPARTMENT_KIND_NAMES, type ApplicabilityRule, type DepartmentKind } from '@yiwang/domain';
import { useI18n, type Translate } from '../../../app/i18n/i18n.tsx';
import type { CatalogueVersionStatus } from '../api/catalogue.api.ts';

const STATUS_COLOR: Record<CatalogueVersionStatus, string> = { draft: 'blue', published: 'green', retired: 'default' };

export function VersionStatusTag({ status }: { status: CatalogueVersionStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={`version-status-${status}`}>
      {t(`catalogue.status.${status}`)}
    </Tag>
  );
}

export function useDepartmentName(): (kind: string) => string {
  const { locale } = useI18n();
  return (kind) => {
    const names = DEPARTMENT_KIND_NAMES[kind as DepartmentKind];
    if (!names) return kind;
    return locale === 'en-US' ? names.nameEn : names.name;
  };
}

/** An applicability rule as one readable sentence (read-only in the editor). */
export function ruleText(rule: ApplicabilityRule, t: Translate, english: boolean): string {
  const sep = t('common.enumSeparator');
  const parts: string[] = [];
  if (rule.procedures?.length)
    parts.push(
      t('catalogue.rule.procedures', { list: rule.procedures.map((p) => t(`project.procedure.${p}`)).join(sep) }),
    );
  if (rule.investmentNatures?.length)
    parts.push(
      t('catalogue.rule.natures', {
        list: rule.investmentNatures.map((n) => t(`project.nature.${n}`)).join(sep),
      }),
    );
  if (rule.industryPrefixes?.length)
    parts.push(t('catalogue.rule.industry', { list: rule.industryPrefixes.join(sep) }));
  if (rule.excludedIndustryPrefixes?.length)
    parts.push(t('catalogue.rule.notIndustry', { list: rule.excludedIndustryPrefixes.join(sep) }));
  if (rule.minInvestmentWan !== undefined) parts.push(t('catalogue.rule.min', { value: rule.minInvestmentWan }));
  if (rule.maxInvestmentWan !== undefined) parts.push(t('catalogue.rule.max', { value: rule.maxInvestmentWan }));
  if (rule.flagsAll?.length) parts.push(t('catalogue.rule.flagsAll', { list: rule.flagsAll.join(sep) }));
  if (rule.flagsAny?.length) parts.push(t('catalogue.rule.flagsAny', { list: rule.flagsAny.join(sep) }));
  if (rule.flagsNone?.length) parts.push(t('catalogue.rule.flagsNone', { list: rule.flagsNone.join(sep) }));
  const when = parts.length === 0 ? t('catalogue.rule.always') : parts.join(english ? ' and ' : '，且');
  return `${when} → ${english ? rule.reasonEn : rule.reason}`;
}
