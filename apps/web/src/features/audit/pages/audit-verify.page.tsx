import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Typography } from 'antd';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useAuditVerify } from '../api/audit.api.ts';
import { VerifyResultView } from '../components/verify-result.tsx';

/** 完整性校验: re-hashes the audit chain on the server and shows whether it is intact. */
export function AuditVerifyPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const verify = useAuditVerify();
  return (
    <Page title={t('audit.verifyTitle')} description={t('audit.verifyDesc')} testId="audit-verify">
      <Card>
        <Space orientation="vertical" size="middle" className="full-width">
          <Space wrap>
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={verify.isFetching}
              onClick={() => void verify.refetch()}
              data-testid="verify-run"
            >
              {t('audit.verifyRun')}
            </Button>
            {verify.dataUpdatedAt ? (
              <Typography.Text type="secondary">
                {formatDateTime(new Date(verify.dataUpdatedAt).toISOString())}
              </Typography.Text>
            ) : null}
          </Space>
          {verify.isError ? <Alert type="error" showIcon title={errorText(verify.error)} /> : null}
          {verify.data ? (
            <VerifyResultView result={verify.data} />
          ) : verify.isFetching || verify.isError ? null : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.verifyNotRun')} />
          )}
        </Space>
      </Card>
    </Page>
  );
}
