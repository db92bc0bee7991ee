import { Tag } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type {
  AcceptanceMode,
  ApplicationStatus,
  CaseStatus,
  ClockLevel,
  MaterialProvisionView,
  MaterialStatus,
} from '../api/applications.types.ts';
import './approval.css';

const APPLICATION_COLORS: Record<ApplicationStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  correctionRequested: 'warning',
  accepted: 'blue',
  rejected: 'error',
  withdrawn: 'default',
  completed: 'success',
};

export function ApplicationStatusTag({ status, testId }: { status: ApplicationStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={APPLICATION_COLORS[status]} data-testid={testId ?? 'application-status'} data-status={status}>
      {t(`application.status.${status}`)}
    </Tag>
  );
}

const CASE_COLORS: Record<CaseStatus, string> = {
  pending: 'default',
  inProgress: 'processing',
  suspended: 'warning',
  approved: 'success',
  denied: 'error',
};

export function CaseStatusTag({ status, testId }: { status: CaseStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={CASE_COLORS[status]} data-testid={testId ?? 'case-status'} data-status={status}>
      {t(`case.status.${status}`)}
    </Tag>
  );
}

/** Remaining working days with the yellow / red warning colour. */
export function RemainingTag({
  days,
  level,
  running = true,
}: {
  days?: number | null | undefined;
  level?: ClockLevel | undefined;
  running?: boolean | undefined;
}) {
  const { t } = useI18n();
  const color = level === 'red' ? 'red' : level === 'yellow' ? 'gold' : 'default';
  const stopped = running === false ? t('case.clockStopped') : null;
  if (days === null || days === undefined) {
    // No figure in this view: show only a warning or a stopped clock.
    if (level !== 'yellow' && level !== 'red' && !stopped) return null;
    const text = [level === 'red' ? t('case.level.red') : level === 'yellow' ? t('case.level.yellow') : null, stopped];
    return (
      <Tag color={color} data-testid="remaining-days" data-level={level}>
        {text.filter(Boolean).join(' · ')}
      </Tag>
    );
  }
  return (
    <Tag color={color} data-testid="remaining-days" data-level={level ?? 'normal'}>
      {/* Overdue days come as a negative figure (the API's remainingWorkingDays). */}
      {days < 0 ? t('case.overdueDays', { days: -days }) : t('case.remainingDays', { days })}
      {stopped ? ` · ${stopped}` : ''}
    </Tag>
  );
}

export function AcceptanceModeTag({ mode }: { mode: AcceptanceMode | null }) {
  const { t } = useI18n();
  if (!mode) return null;
  const color = mode === 'normal' ? 'blue' : mode === 'tolerance' ? 'cyan' : 'gold';
  return <Tag color={color}>{t(`application.mode.${mode}`)}</Tag>;
}

const PROVISION_COLORS: Partial<Record<MaterialProvisionView, string>> = {
  materialPackage: 'green',
  licencePackage: 'green',
  sameStageOutput: 'blue',
  commitment: 'gold',
  tolerated: 'cyan',
};

/** How a material is provided: 已在材料包（免提交）/ 已有证照（免提交）/ 由本阶段事项结果提供 / … */
export function ProvisionTag({ provision, code }: { provision: MaterialProvisionView; code: string }) {
  const { t } = useI18n();
  if (provision === 'upload') return null;
  return (
    <Tag color={PROVISION_COLORS[provision]} data-testid={`material-provision-${code}`} data-provision={provision}>
      {t(`material.provision.${provision}`)}
    </Tag>
  );
}

const MATERIAL_STATUS_COLORS: Record<MaterialStatus, string> = {
  provided: 'success',
  missing: 'error',
  tolerated: 'cyan',
  committed: 'gold',
  pending: 'default',
};

export function MaterialStatusTag({ status, code }: { status: MaterialStatus; code: string }) {
  const { t } = useI18n();
  return (
    <Tag color={MATERIAL_STATUS_COLORS[status]} data-testid={`material-status-${code}`} data-status={status}>
      {t(`material.status.${status}`)}
    </Tag>
  );
}
