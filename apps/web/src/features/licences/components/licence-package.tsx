import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Space, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { fileLinks } from '../../applications/api/applications.api.ts';
import { useProjectLicences } from '../api/licences.api.ts';
import { LicenceStatusTag } from './licence-status-tag.tsx';
import '../../applications/components/approval.css';

/** 证照包: the project's e-licences, each with its PDF and the public verification page. */
export function LicencePackage({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const licences = useProjectLicences(projectId);
  if (licences.isPending) return <Spin />;
  if (licences.isError) return <Alert type="error" showIcon title={errorText(licences.error)} />;
  if (licences.data.items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('licence.packageEmpty')} />;
  }
  return (
    <ul className="licence-list" data-testid="licence-package">
      {licences.data.items.map((l) => (
        <li key={l.number} className="licence-item" data-testid={`licence-${l.number}`}>
          <div className="licence-item-main">
            <Space size={6} wrap>
              <Typography.Text strong>{l.licenceTypeName}</Typography.Text>
              <LicenceStatusTag status={l.status} />
            </Space>
            <div className="licence-item-facts">
              <span className="mono">{l.number}</span>
              <span>{l.matterName}</span>
              <span>{l.issuingDepartment}</span>
              <span>
                {t('licence.issuedOn')}：{l.issuedOn}
              </span>
              <span>
                {t('licence.validUntil')}：{l.validUntil ?? t('licence.noExpiry')}
              </span>
            </div>
          </div>
          <Space wrap>
            <a href={fileLinks.licencePdf(l.number)} target="_blank" rel="noreferrer">
              <Button icon={<FilePdfOutlined />} data-testid={`licence-pdf-${l.number}`}>
                {t('licence.pdf')}
              </Button>
            </a>
            <Link to={fileLinks.licenceVerify(l.number)} data-testid={`licence-verify-${l.number}`}>
              <Button type="link" icon={<SafetyCertificateOutlined />}>
                {t('licence.verify')}
              </Button>
            </Link>
          </Space>
        </li>
      ))}
    </ul>
  );
}
