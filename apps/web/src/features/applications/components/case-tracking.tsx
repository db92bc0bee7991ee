import { Empty, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n, type MessageKey, type Translate } from '../../../app/i18n/i18n.tsx';
import { fileLinks } from '../api/applications.api.ts';
import type { CaseOpinion, CaseSummary } from '../api/applications.types.ts';
import { CaseStatusTag, RemainingTag } from './approval-tags.tsx';

const OPEN = new Set(['pending', 'inProgress', 'suspended']);
const OPINION_KINDS = new Set([
  'advance',
  'return',
  'sign',
  'approve',
  'deny',
  'extend',
  'specialProcedureStart',
  'specialProcedureEnd',
  'consultReply',
]);

function opinionLabel(o: CaseOpinion, t: Translate): string {
  if (o.stepName) return o.stepName;
  if (o.kind && OPINION_KINDS.has(o.kind)) return t(`case.action.${o.kind}` as MessageKey);
  return t('case.opinion');
}

export function caseLicenceNumber(c: CaseSummary): string | null {
  return c.licenceNumber ?? c.licence?.number ?? null;
}

/** Real-time tracking of the cases (办件): matter, department, step, deadline, status and the opinions. */
export function CaseTracking({ cases, linkToCase = false }: { cases: CaseSummary[]; linkToCase?: boolean }) {
  const { t } = useI18n();
  if (cases.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.none')} />;
  return (
    <ul className="case-list" data-testid="case-tracking">
      {cases.map((c) => {
        const licence = caseLicenceNumber(c);
        const opinions = (c.opinions ?? []).filter((o) => o.opinion);
        return (
          <li key={c.id} className="case-item" data-testid={`case-${c.matterCode}`} data-status={c.status}>
            <div className="case-item-head">
              <Typography.Text strong>
                {linkToCase ? <Link to={`/department/cases/${c.id}`}>{c.matterName}</Link> : c.matterName}
              </Typography.Text>
              <CaseStatusTag status={c.status} testId={`case-status-${c.matterCode}`} />
            </div>
            <div className="case-item-facts">
              <span>{c.departmentName}</span>
              <span className="mono">{c.caseNumber}</span>
              {OPEN.has(c.status) ? (
                <>
                  <span>
                    {t('case.step')}：{c.currentStepName || c.currentStep}
                  </span>
                  <span>
                    {t('case.deadline')}：{c.deadline ?? '—'}
                  </span>
                  <RemainingTag days={c.remainingWorkingDays} level={c.level} running={c.clockRunning} />
                </>
              ) : (
                <span>
                  {t('case.decidedOn')}：{c.decidedOn ?? '—'}
                </span>
              )}
              {licence ? (
                <span>
                  {t('licence.number')}：
                  <Link
                    to={fileLinks.licenceVerify(licence)}
                    className="mono"
                    data-testid={`case-licence-${c.matterCode}`}
                  >
                    {licence}
                  </Link>
                </span>
              ) : null}
            </div>
            {opinions.length > 0 ? (
              <ul className="case-opinions">
                {opinions.map((o, i) => (
                  <li key={`${o.at}-${i}`}>
                    <Tag>{opinionLabel(o, t)}</Tag>
                    <span className="pre-wrap">{o.opinion}</span>
                    <Typography.Text type="secondary" className="case-opinion-meta">
                      {[o.departmentName, formatDateTime(o.at, false)].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
