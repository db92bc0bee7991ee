import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { fileLinks } from '../api/applications.api.ts';
import type { CaseSummary } from '../api/applications.types.ts';
import { caseLicenceNumber } from './case-tracking.tsx';

/** The licences this application's approved cases issued. */
export function IssuedLicences({ cases }: { cases: CaseSummary[] }) {
  const { t } = useI18n();
  const issued = cases.flatMap((c) => {
    const number = caseLicenceNumber(c);
    return number ? [{ number, matterName: c.matterName }] : [];
  });
  if (issued.length === 0) return null;
  return (
    <Card title={t('licence.issuedTitle')} data-testid="issued-licences">
      <ul className="licence-list">
        {issued.map((l) => (
          <li key={l.number} className="licence-item">
            <div className="licence-item-main">
              <Typography.Text strong>{l.matterName}</Typography.Text>
              <div className="mono">{l.number}</div>
            </div>
            <Space wrap>
              <a href={fileLinks.licencePdf(l.number)} target="_blank" rel="noreferrer">
                <Button icon={<FilePdfOutlined />}>{t('licence.pdf')}</Button>
              </a>
              <Link to={fileLinks.licenceVerify(l.number)}>
                <Button type="link" icon={<SafetyCertificateOutlined />}>
                  {t('licence.verify')}
                </Button>
              </Link>
            </Space>
          </li>
        ))}
      </ul>
    </Card>
  );
}
