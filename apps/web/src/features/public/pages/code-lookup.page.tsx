import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Card, Descriptions, Input, Result, Space, Spin, Typography } from 'antd';
import { parseProjectCode } from '@yiwang/domain';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { pickMessage, useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { ProcedureTag, ProjectStatusTag } from '../../projects/components/project-tags.tsx';
import { QrImage } from '../../projects/components/qr-image.tsx';
import { useCodeLookup, type CodeLookup } from '../api/public.api.ts';
import { ProjectProgress } from '../components/project-progress.tsx';

/** 项目代码核验: anyone checks a code (both formats) and sees the registered project's public fields and QR mark. */
export function CodeLookupPage() {
  const { code: routeCode } = useParams<{ code?: string }>();
  const code = routeCode?.trim() || undefined;
  const { t } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [input, setInput] = useState(code ?? '');
  useEffect(() => setInput(code ?? ''), [code]);
  const lookup = useCodeLookup(code);

  return (
    <Space orientation="vertical" size={16} className="full-width" data-testid="lookup-page">
      <Card className="public-card">
        <Typography.Title level={4}>{t('public.lookup.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('public.lookup.intro')}</Typography.Paragraph>
        <Input.Search
          size="large"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          onSearch={(value) => {
            const trimmed = value.trim();
            if (trimmed) void navigate(`/public/project-codes/${encodeURIComponent(trimmed)}`);
          }}
          placeholder={t('public.lookup.placeholder')}
          enterButton={t('public.lookup.verify')}
          allowClear
          className="lookup-input"
          id="lookup-code-input"
          data-testid="lookup-input"
        />
      </Card>
      {code ? (
        <Card className="public-card" data-testid="lookup-result">
          {lookup.isPending ? <Spin /> : null}
          {lookup.isError ? <Alert type="error" showIcon title={errorText(lookup.error)} /> : null}
          {lookup.data ? <LookupResult code={code} result={lookup.data} /> : null}
        </Card>
      ) : null}
    </Space>
  );
}

function LookupResult({ code, result }: { code: string; result: CodeLookup }) {
  const { t, locale } = useI18n();
  const parsed = parseProjectCode(code);
  const formatLabel = result.format ? t(`public.lookup.format.${result.format}`) : '—';
  const parts =
    parsed.valid && parsed.format === 'current'
      ? t('public.lookup.partsCurrent', {
          ym: `20${String(parsed.yearMonth.year).slice(-2)}-${String(parsed.yearMonth.month).padStart(2, '0')}`,
          region: parsed.regionCode,
          dept: parsed.departmentCode,
          type: parsed.projectTypeCode,
          check: parsed.checkDigit,
        })
      : parsed.valid && parsed.format === 'legacy'
        ? t('public.lookup.partsLegacy', {
            year: parsed.year,
            region: parsed.regionCode,
            industry: parsed.industryCode,
            type: parsed.projectTypeCode,
          })
        : null;
  const project = result.project;
  return (
    <div data-testid="lookup-verdict" data-valid={String(result.valid)}>
      <Result
        className="lookup-verdict"
        icon={
          result.valid ? <CheckCircleFilled className="verdict-ok" /> : <CloseCircleFilled className="verdict-bad" />
        }
        title={
          <span data-testid="lookup-valid">{result.valid ? t('public.lookup.valid') : t('public.lookup.invalid')}</span>
        }
        subTitle={
          <span className="mono lookup-code" data-testid="lookup-code">
            {code}
          </span>
        }
      />
      {!result.valid && result.reason ? (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          title={pickMessage({ message: result.reason, messageEn: result.reasonEn ?? result.reason }, locale)}
          data-testid="lookup-reason"
        />
      ) : null}
      <Descriptions
        bordered
        size="small"
        column={1}
        className="form-alert"
        items={[
          {
            key: 'format',
            label: t('public.lookup.formatLabel'),
            children: <span data-testid="lookup-format">{formatLabel}</span>,
          },
          ...(parts ? [{ key: 'parts', label: t('public.lookup.parts'), children: parts }] : []),
          ...(result.valid && !project
            ? [{ key: 'registered', label: t('public.lookup.registered'), children: t('public.lookup.notRegistered') }]
            : []),
        ]}
      />
      {project ? (
        <div className="lookup-project" data-testid="lookup-project">
          <Descriptions
            bordered
            size="small"
            column={1}
            title={t('public.lookup.projectTitle')}
            items={[
              {
                key: 'name',
                label: t('project.col.name'),
                children: <span data-testid="lookup-project-name">{project.name}</span>,
              },
              { key: 'code', label: t('project.code'), children: <span className="mono">{project.code}</span> },
              { key: 'status', label: t('project.col.status'), children: <ProjectStatusTag status={project.status} /> },
              {
                key: 'procedure',
                label: t('project.col.procedure'),
                children: <ProcedureTag procedure={project.procedure} />,
              },
              {
                key: 'region',
                label: t('project.col.region'),
                children: `${project.regionName} ${project.regionCode}`,
              },
              { key: 'filedAt', label: t('project.filedAt'), children: formatDateTime(project.filedAt) },
            ]}
          />
          <div className="lookup-qr">
            <QrImage code={project.code} size={180} />
          </div>
        </div>
      ) : null}
      {project ? <ProjectProgress code={project.code} /> : null}
    </div>
  );
}
