import { Empty, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.tsx';
import type { CaseActionView, CaseStep } from '../api/cases.types.ts';

const KNOWN_KINDS = new Set([
  'dispatched',
  'advance',
  'return',
  'transfer',
  'sign',
  'consult',
  'consultReply',
  'specialProcedureStart',
  'specialProcedureEnd',
  'extend',
  'approve',
  'deny',
  'dependencySatisfied',
  'dependencyFailed',
  'toleranceLapsed',
  'urge',
  'escalate',
  'warning',
]);

/** The case's history: every action with its opinion, who and when. */
export function CaseHistory({ actions, steps }: { actions: CaseActionView[]; steps: CaseStep[] }) {
  const { t } = useI18n();
  if (actions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const stepName = (code: string | null) => (code ? (steps.find((s) => s.code === code)?.name ?? code) : '');
  return (
    <Timeline
      data-testid="case-history"
      items={actions.map((a, index) => ({
        key: `${a.at}-${index}`,
        content: (
          <div className="history-entry" data-testid="case-history-entry" data-kind={a.kind}>
            <div>
              <Tag>{KNOWN_KINDS.has(a.kind) ? t(`case.action.${a.kind}` as MessageKey) : a.kind}</Tag>
              {a.fromStep || a.toStep ? (
                <Typography.Text type="secondary">
                  {[stepName(a.fromStep), stepName(a.toStep)].filter(Boolean).join(' → ')}
                </Typography.Text>
              ) : null}
            </div>
            {a.opinion ? <div className="pre-wrap">{a.opinion}</div> : null}
            <Typography.Text type="secondary">
              {[a.actorName, a.departmentName, formatDateTime(a.at, false)].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
