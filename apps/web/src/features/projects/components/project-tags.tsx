import { Tag } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { Procedure, ProjectStatus } from '../api/projects.api.ts';
import { procedureLabelKey, statusLabelKey } from './project-labels.ts';

const STATUS_COLORS: Record<ProjectStatus, string> = {
  draft: 'default',
  coded: 'processing',
  filed: 'success',
  voided: 'error',
};

const PROCEDURE_COLORS: Record<Procedure, string> = {
  approval: 'purple',
  ratification: 'orange',
  filing: 'cyan',
};

export function ProjectStatusTag({ status }: { status: ProjectStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="project-status" data-status={status}>
      {t(statusLabelKey(status))}
    </Tag>
  );
}

export function ProcedureTag({ procedure }: { procedure: Procedure | null }) {
  const { t } = useI18n();
  if (!procedure) return <Tag>{t('project.procedure.unknown')}</Tag>;
  return (
    <Tag color={PROCEDURE_COLORS[procedure]} data-testid="project-procedure" data-procedure={procedure}>
      {t(procedureLabelKey(procedure))}
    </Tag>
  );
}
