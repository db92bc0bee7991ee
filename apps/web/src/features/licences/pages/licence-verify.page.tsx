import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, Card, Descriptions, Input, Result, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../../app/api/http.ts';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { usePublicLicence, type PublicLicenceCheck } from '../api/licences.api.ts';
import '../../applications/components/approval.css';

/** 电子证照核验: anyone checks a licence number (the QR on the PDF opens this page). */
export function LicenceVerifyPage() {
  const { number: routeNumber } = useParams<{ number?: string }>();
  const number = routeNumber?.trim() || undefined;
  const { t } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [input, setInput] = useState(number ?? '');
  useEffect(() => setInput(number ?? ''), [number]);
  const check = usePublicLicence(number);
  const notFound = check.error instanceof ApiError && check.error.status === 404;

  return (
    <Space orientation="vertical" size={16} className="full-width" data-testid="licence-verify-page">
      <Card className="public-card">
        <Typography.Title level={4}>{t('licence.verifyTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('licence.verifyIntro')}</Typography.Paragraph>
        <Input.Search
          size="large"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onSearch={(value) => {
            const trimmed = value.trim();
            if (trimmed) void navigate(`/public/licences/${encodeURIComponent(trimmed)}`);
          }}
          enterButton={t('public.lookup.verify')}
          placeholder={t('licence.numberPlaceholder')}
          allowClear
          id="licence-number-input"
          data-testid="licence-number-input"
        />
      </Card>
      {number ? (
        <Card className="public-card" data-testid="licence-result">
          {check.isPending ? <Spin /> : null}
          {check.isError ? (
            notFound ? (
              <Result
                status="warning"
                title={
                  <span data-testid="licence-status" data-status="notFound">
                    {t('licence.notFound')}
                  </span>
                }
                subTitle={<span className="mono">{number}</span>}
              />
            ) : (
              <Alert type="error" showIcon title={errorText(check.error)} />
            )
          ) : null}
          {check.data ? <LicenceVerdict number={number} result={check.data} /> : null}
        </Card>
      ) : null}
    </Space>
  );
}

function LicenceVerdict({ number, result }: { number: string; result: PublicLicenceCheck }) {
  const { t } = useI18n();
  const icon = result.valid ? (
    <CheckCircleFilled className="verdict-ok" />
  ) : result.status === 'expired' ? (
    <ExclamationCircleFilled className="verdict-warn" />
  ) : (
    <CloseCircleFilled className="verdict-bad" />
  );
  // A valid status whose signature does not verify is not valid: say so rather than "有效".
  const headline =
    result.status === 'valid' && !result.valid
      ? t('licence.status.invalidSignature')
      : t(`licence.status.${result.status}`);
  return (
    <div data-testid="licence-verdict" data-valid={String(result.valid)}>
      <Result
        className="lookup-verdict licence-verdict"
        icon={icon}
        title={
          <span
            data-testid="licence-status"
            data-status={result.valid ? 'valid' : result.status}
            className="licence-headline"
          >
            {headline}
          </span>
        }
        subTitle={<span className="mono lookup-code">{number}</span>}
      />
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          {
            key: 'holder',
            label: t('licence.holder'),
            children: <span data-testid="licence-holder">{result.holder}</span>,
          },
          {
            key: 'projectCode',
            label: t('project.code'),
            children: (
              <span className="mono" data-testid="licence-project-code">
                {result.projectCode}
              </span>
            ),
          },
          { key: 'type', label: t('licence.type'), children: result.licenceTypeName ?? '—' },
          { key: 'matter', label: t('licence.matter'), children: result.matterName ?? '—' },
          { key: 'department', label: t('licence.issuingDepartment'), children: result.issuingDepartment ?? '—' },
          {
            key: 'issued',
            label: t('licence.issuedAt'),
            children: result.issuedAt.length <= 10 ? result.issuedAt : formatDateTime(result.issuedAt, false),
          },
          { key: 'validUntil', label: t('licence.validUntil'), children: result.validUntil ?? t('licence.noExpiry') },
          {
            key: 'signature',
            label: t('licence.signature'),
            children: (
              <span data-testid="licence-signature" data-valid={String(result.signatureValid ?? false)}>
                {result.signatureValid === undefined
                  ? '—'
                  : result.signatureValid
                    ? t('licence.signatureValid')
                    : t('licence.signatureInvalid')}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
