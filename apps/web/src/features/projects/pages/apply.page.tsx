import { FileAddOutlined, FileSearchOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';

/** 我要办: the services an enterprise starts here; 项目登记赋码 is the first (every later matter needs the code). */
export function ApplyPage() {
  const { t } = useI18n();
  return (
    <Page title={t('menu.apply')} description={t('portal.apply.desc')} testId="portal-apply">
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={8}>
          <Card className="apply-card" data-testid="apply-new-project">
            <FileAddOutlined className="apply-card-icon" />
            <Typography.Title level={5}>{t('apply.newProject')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('apply.newProjectDesc')}</Typography.Paragraph>
            <Link to="/portal/apply/new">
              <Button type="primary" data-testid="start-new-project">
                {t('project.new')}
              </Button>
            </Link>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card className="apply-card">
            <FolderOpenOutlined className="apply-card-icon" />
            <Typography.Title level={5}>{t('apply.resume')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('apply.resumeDesc')}</Typography.Paragraph>
            <Link to="/portal/projects">
              <Button>{t('menu.myProjects')}</Button>
            </Link>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card className="apply-card">
            <FileSearchOutlined className="apply-card-icon" />
            <Typography.Title level={5}>{t('public.lookup.title')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('apply.lookupDesc')}</Typography.Paragraph>
            <Link to="/public/project-codes">
              <Button>{t('public.lookup.title')}</Button>
            </Link>
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
