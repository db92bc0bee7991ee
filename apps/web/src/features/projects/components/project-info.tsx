import { Descriptions, type DescriptionsProps } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { Project } from '../api/projects.api.ts';
import { fieldLabelKey, formatFieldValue, type ProjectField } from './project-labels.ts';

const SHOWN: readonly ProjectField[] = [
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
];

/** Every information item of the project (DOMAIN.md §3), read-only. */
export function ProjectInfo({ project }: { project: Project }) {
  const { t } = useI18n();
  const value = (field: ProjectField): string => {
    if (field === 'regionCode') {
      return project.regionCode
        ? t('project.regionWithCode', { name: project.regionName ?? '', code: project.regionCode })
        : '—';
    }
    return formatFieldValue(t, field, project[field]);
  };
  const items: DescriptionsProps['items'] = [
    { key: 'enterprise', label: t('project.field.enterprise'), children: project.enterpriseName, span: 'filled' },
    ...SHOWN.map((field) => ({
      key: field,
      label: t(fieldLabelKey(field)),
      children: <span className="pre-wrap">{value(field)}</span>,
      ...(field === 'scaleAndContent' || field === 'fundSources' || field === 'name'
        ? { span: 'filled' as const }
        : {}),
    })),
  ];
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 1, lg: 1, xl: 1, xxl: 2 }}
      items={items}
      className="project-info"
      data-testid="project-info"
    />
  );
}
