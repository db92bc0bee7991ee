import { Alert, Card, Col, Row, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useGuideStages } from '../api/guides.api.ts';

/** 办事指南: the approval stages of the current catalogue, each with its lead department and matter count. */
export function GuidesPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const stages = useGuideStages();
  return (
    <Card className="public-card" data-testid="guides-page">
      <Typography.Title level={4}>{t('guide.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('guide.intro')}</Typography.Paragraph>
      {stages.isPending ? <Spin /> : null}
      {stages.isError ? <Alert type="error" showIcon title={errorText(stages.error)} /> : null}
      {stages.data ? (
        <>
          <Row gutter={[16, 16]}>
            {stages.data.items.map((stage) => (
              <Col key={stage.code} xs={24} sm={12} lg={6}>
                <Link to={`/guides/stages/${encodeURIComponent(stage.code)}`} data-testid={`guide-stage-${stage.code}`}>
                  <Card hoverable className="guide-stage-card" size="small">
                    <div className="guide-stage-order">{stage.order}</div>
                    <Typography.Title level={5} className="guide-stage-name">
                      {stage.name}
                    </Typography.Title>
                    <div className="guide-stage-meta">{t('plan.lead', { department: stage.leadDepartmentName })}</div>
                    <div className="guide-stage-meta">{t('guide.matterCount', { count: stage.matterCount })}</div>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
          <Typography.Paragraph type="secondary" className="guide-version">
            {t('guide.version', { version: stages.data.catalogueVersion })}
          </Typography.Paragraph>
        </>
      ) : null}
    </Card>
  );
}
