import { Alert, Button, Card, Col, Input, List, Row, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useMyProjects } from '../../projects/api/projects.api.ts';
import { ProjectStatusTag } from '../../projects/components/project-tags.tsx';

const RECENT = 8;

/**
 * 我要查: where the unit's projects stand (each opens its page: 办件进度, 证照, 建设情况), and the two checks anyone can make —
 * a project code (the QR mark's page) and an e-licence number.
 */
export function QueryPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const projects = useMyProjects({ page: 1, pageSize: RECENT });
  const go = (base: string) => (value: string) => {
    const v = value.trim();
    if (v) void navigate(`${base}/${encodeURIComponent(v)}`);
  };
  return (
    <Page title={t('menu.query')} description={t('query.intro')} testId="portal-query">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card
            title={t('query.myProjects')}
            extra={<Link to="/portal/projects">{t('query.allProjects')}</Link>}
            data-testid="query-projects"
          >
            {projects.isError ? <Alert type="error" showIcon title={errorText(projects.error)} /> : null}
            <List
              loading={projects.isPending}
              dataSource={projects.data?.items ?? []}
              locale={{ emptyText: t('query.noProjects') }}
              renderItem={(p) => (
                <List.Item
                  actions={[
                    <Link key="open" to={`/projects/${p.id}`} data-testid="query-open-project">
                      {t('query.progress')}
                    </Link>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap size={6}>
                        <span>{p.name}</span>
                        <ProjectStatusTag status={p.status} />
                      </Space>
                    }
                    description={<span className="mono">{p.code ?? t('project.noCodeYet')}</span>}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} className="full-width">
            <Card title={t('query.codeTitle')}>
              <Typography.Paragraph type="secondary">{t('query.codeHint')}</Typography.Paragraph>
              <Input.Search
                placeholder="2505-330354-04-01-274607"
                enterButton={t('query.check')}
                onSearch={go('/public/project-codes')}
                data-testid="query-code"
              />
            </Card>
            <Card title={t('query.licenceTitle')}>
              <Typography.Paragraph type="secondary">{t('query.licenceHint')}</Typography.Paragraph>
              <Input.Search
                placeholder="330300-2026-PD-K7Q2M9XA"
                enterButton={t('query.check')}
                onSearch={go('/public/licences')}
                data-testid="query-licence"
              />
            </Card>
            <Card title={t('query.performanceTitle')}>
              <Typography.Paragraph type="secondary">{t('query.performanceHint')}</Typography.Paragraph>
              <Link to="/public/performance">
                <Button>{t('query.performanceOpen')}</Button>
              </Link>
            </Card>
          </Space>
        </Col>
      </Row>
    </Page>
  );
}
