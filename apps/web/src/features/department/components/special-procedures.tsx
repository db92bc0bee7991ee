import { Button, Empty, Tag, Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { ConsultationView, SpecialProcedureView } from '../api/cases.types.ts';

/** 特别程序 (clock stopped while open), each with its reason, expected length and result. */
export function SpecialProcedures({
  items,
  canEnd,
  onEnd,
}: {
  items: SpecialProcedureView[];
  canEnd: boolean;
  onEnd: (procedure: SpecialProcedureView) => void;
}) {
  const { t } = useI18n();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('special.none')} />;
  return (
    <ul className="plain-list" data-testid="special-procedures">
      {items.map((p) => (
        <li key={p.id} className="plain-list-item" data-testid={`special-procedure-${p.kind}`}>
          <div>
            <Typography.Text strong>{t(`special.kind.${p.kind}`)}</Typography.Text>{' '}
            {p.endedOn ? <Tag color="green">{t('special.ended')}</Tag> : <Tag color="orange">{t('special.open')}</Tag>}
          </div>
          <div className="pre-wrap">{p.reason}</div>
          <Typography.Text type="secondary">
            {t('special.period', { from: p.startedOn, to: p.endedOn ?? '…', days: p.expectedWorkingDays })}
          </Typography.Text>
          {p.result ? <div className="pre-wrap">{t('special.result', { result: p.result })}</div> : null}
          {!p.endedOn && canEnd ? (
            <Button size="small" onClick={() => onEnd(p)} data-testid="special-procedure-end">
              {t('special.end')}
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** 征求意见: questions to other departments and their replies. */
export function Consultations({ items }: { items: ConsultationView[] }) {
  const { t } = useI18n();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consultation.none')} />;
  return (
    <ul className="plain-list" data-testid="consultations">
      {items.map((c) => (
        <li key={c.id} className="plain-list-item">
          <Typography.Text strong>{c.toDepartmentName ?? c.departmentName ?? ''}</Typography.Text>
          <div className="pre-wrap">{c.question}</div>
          <Typography.Text type={c.reply ? undefined : 'secondary'} className="pre-wrap">
            {c.reply ? t('consultation.reply', { reply: c.reply }) : t('consultation.waiting')}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}
