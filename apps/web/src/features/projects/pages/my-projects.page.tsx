import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Pagination,
  Segmented,
  Space,
  Spin,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import { PROJECT_STATUSES, useMyProjects, type Project, type ProjectStatus } from '../api/projects.api.ts';
import { formatWan, statusLabelKey } from '../components/project-labels.ts';
import { ProcedureTag, ProjectStatusTag } from '../components/project-tags.tsx';

const detailPath = (project: Project) =>
  project.status === 'draft' ? `/portal/apply/new?draft=${project.id}` : `/projects/${project.id}`;

function ProjectActions({ project }: { project: Project }) {
  const { t } = useI18n();
  return (
    <Space wrap size={4}>
      {project.status === 'draft' ? (
        <Link to={`/portal/apply/new?draft=${project.id}`} data-testid="resume-draft">
          {t('project.continueDraft')}
        </Link>
      ) : null}
      <Link to={`/projects/${project.id}`} data-testid="open-project">
        {t('common.detail')}
      </Link>
    </Space>
  );
}

/** 我的项目: drafts to resume and coded/filed projects, with their code, procedure and status. */
export function MyProjectsPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const isDesktop = useIsDesktop();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ProjectStatus | 'all'>('all');
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const projects = useMyProjects({ ...page, status: status === 'all' ? undefined : status });

  const columns: TableColumnsType<Project> = [
    {
      title: t('project.col.name'),
      dataIndex: 'name',
      render: (_, project) => (
        <Link to={detailPath(project)} data-testid="project-link">
          {project.name}
        </Link>
      ),
    },
    {
      title: t('project.col.code'),
      dataIndex: 'code',
      render: (code: string | null) => (code ? <span className="mono">{code}</span> : '—'),
    },
    {
      title: t('project.col.procedure'),
      dataIndex: 'procedure',
      render: (_, p) => <ProcedureTag procedure={p.procedure} />,
    },
    { title: t('project.col.status'), dataIndex: 'status', render: (_, p) => <ProjectStatusTag status={p.status} /> },
    {
      title: t('project.col.totalInvestment'),
      dataIndex: 'totalInvestment',
      align: 'right',
      render: (value: number | null) => formatWan(t, value),
    },
    {
      title: t('project.col.updatedAt'),
      dataIndex: 'updatedAt',
      render: (value: string) => formatDateTime(value, false),
    },
    { title: t('common.actions'), key: 'actions', render: (_, project) => <ProjectActions project={project} /> },
  ];

  const newButton = (
    <Button
      type="primary"
      icon={<PlusOutlined />}
      onClick={() => void navigate('/portal/apply/new')}
      data-testid="new-project"
    >
      {t('project.new')}
    </Button>
  );
  const items = projects.data?.items ?? [];
  /** "共 12 条", or "共 10,000+ 条" when the server stopped counting. */
  const totalText = (count: number) =>
    projects.data?.totalIsLowerBound
      ? t('common.totalAtLeast', { total: count.toLocaleString('en') })
      : t('common.total', { total: count });
  const empty = (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.myProjects.empty')}>
      {newButton}
    </Empty>
  );

  return (
    <Page title={t('menu.myProjects')} extra={newButton} testId="my-projects">
      <Segmented<ProjectStatus | 'all'>
        className="status-filter"
        value={status}
        onChange={(value) => {
          setStatus(value);
          setPage((current) => ({ ...current, page: 1 }));
        }}
        options={[
          { value: 'all', label: t('common.all') },
          ...PROJECT_STATUSES.map((value) => ({ value, label: t(statusLabelKey(value)) })),
        ]}
        data-testid="status-filter"
      />
      {projects.isError ? (
        <Alert type="error" showIcon title={errorText(projects.error)} className="form-alert" />
      ) : null}
      {isDesktop ? (
        <Card>
          <Table<Project>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={items}
            loading={projects.isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: empty }}
            data-testid="my-projects-table"
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: projects.data?.total ?? 0,
              showTotal: totalText,
              onChange: (next, pageSize) => setPage({ page: next, pageSize }),
            }}
          />
        </Card>
      ) : (
        <div className="project-cards" data-testid="my-projects-cards">
          {projects.isPending ? <Spin /> : null}
          {!projects.isPending && items.length === 0 ? <Card>{empty}</Card> : null}
          {items.map((project) => (
            <Card key={project.id} size="small" className="project-card" data-testid="project-card">
              <Link to={detailPath(project)} className="project-card-title" data-testid="project-link">
                {project.name}
              </Link>
              <Space wrap size={4} className="project-card-tags">
                <ProjectStatusTag status={project.status} />
                <ProcedureTag procedure={project.procedure} />
              </Space>
              <Typography.Text className="mono project-card-code">
                {project.code ?? t('project.noCodeShort')}
              </Typography.Text>
              <div className="project-card-foot">
                <Typography.Text type="secondary">{formatWan(t, project.totalInvestment)}</Typography.Text>
                <ProjectActions project={project} />
              </div>
            </Card>
          ))}
          {(projects.data?.total ?? 0) > page.pageSize ? (
            <Pagination
              simple
              current={page.page}
              pageSize={page.pageSize}
              total={projects.data?.total ?? 0}
              onChange={(next, pageSize) => setPage({ page: next, pageSize })}
            />
          ) : null}
        </div>
      )}
    </Page>
  );
}
