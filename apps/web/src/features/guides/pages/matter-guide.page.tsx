import { Card, Descriptions, Result, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../app/api/http.ts';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useMatterGuide } from '../api/guides.api.ts';
import { LimitText } from '../components/guide-marks.tsx';
import { MaterialList } from './stage-guide.page.tsx';

/** 事项办事指南: basis, conditions, materials, procedure, limit, fees, where to apply. */
export function MatterGuidePage() {
  const { code } = useParams<{ code: string }>();
  const { t } = useI18n();
  const errorText = useErrorText();
  const guide = useMatterGuide(code);

  if (guide.isPending) return <Spin />;
  if (guide.isError) {
    const notFound = guide.error instanceof ApiError && guide.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? t('guide.notFound') : errorText(guide.error)}
        extra={<Link to="/guides">{t('guide.backToList')}</Link>}
      />
    );
  }
  const { matter: m, stage, materials, catalogueVersion } = guide.data;
  const list = (items: string[]) =>
    items.length === 0 ? (
      '—'
    ) : (
      <ul className="guide-ul">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    );

  return (
    <Card className="public-card guide-print" data-testid="matter-guide">
      <Typography.Title level={4}>{m.name}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {stage ? <Link to={`/guides/stages/${encodeURIComponent(stage.code)}`}>{stage.name}</Link> : null} ·{' '}
        {t('guide.version', { version: catalogueVersion })}
      </Typography.Paragraph>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'dept', label: t('guide.whereToApply'), children: m.departmentName },
          {
            key: 'basis',
            label: t('guide.legalBasis'),
            children: (
              <ul className="guide-ul">
                {m.legalBasis.map((b) => (
                  <li key={b.citation}>
                    {b.citation} {b.confirmed ? null : <Tag>{t('guide.toVerify')}</Tag>}
                  </li>
                ))}
              </ul>
            ),
          },
          { key: 'conditions', label: t('guide.conditions'), children: list(m.conditions) },
          { key: 'applies', label: t('guide.appliesWhen'), children: list(m.appliesWhen) },
          {
            key: 'limit',
            label: t('guide.limit'),
            children: (
              <div data-testid="matter-guide-limit">
                <LimitText limit={m.limit} />
                {m.limit.clockStoppable ? <div className="guide-sub">{t('guide.clockStoppable')}</div> : null}
                {m.limit.note ? <div className="guide-sub">{m.limit.note}</div> : null}
              </div>
            ),
          },
          {
            key: 'fees',
            label: t('guide.fees'),
            children:
              m.fees.length === 0
                ? t('guide.free')
                : list(
                    m.fees.map(
                      (f) =>
                        `${f.name}${f.amountYuan === null ? '' : ` ${f.amountYuan} ${t('guide.yuan')}`}（${f.basis}）`,
                    ),
                  ),
          },
          {
            key: 'depends',
            label: t('guide.dependsOn'),
            children:
              m.dependsOn.length === 0
                ? '—'
                : m.dependsOn.map((d) => (
                    <div key={d.code}>
                      <Link to={`/guides/matters/${encodeURIComponent(d.code)}`}>{d.name}</Link>
                    </div>
                  )),
          },
          {
            key: 'steps',
            label: t('guide.procedureTitle'),
            children: m.steps.map((s) => s.name).join(' → '),
          },
          {
            key: 'output',
            label: t('guide.output'),
            children: m.output
              ? `${m.output.licenceName}${
                  m.output.validityMonths ? t('guide.validity', { months: m.output.validityMonths }) : ''
                }`
              : '—',
          },
        ]}
      />
      <Typography.Title level={5} className="guide-section">
        {t('guide.materialsTitle')}
      </Typography.Title>
      <MaterialList materials={materials} />
      <Link to="/guides" className="no-print">
        {t('guide.backToList')}
      </Link>
    </Card>
  );
}
