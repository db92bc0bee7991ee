import { CloudUploadOutlined, DownloadOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import type { Catalogue, Material, Matter, Stage } from '@yiwang/domain';
import {
  Alert,
  App,
  Button,
  List,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../../app/api/http.ts';
import { pickMessage, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import {
  downloadCatalogue,
  useCatalogueVersion,
  usePublishVersion,
  useSaveCatalogue,
  type CatalogueVersionDetail,
  type ValidationProblem,
} from '../api/catalogue.api.ts';
import { useDepartmentName, VersionStatusTag } from '../components/catalogue-labels.tsx';
import { MaterialEditor, MatterEditor, StageEditor } from '../components/catalogue-editors.tsx';

type TabKey = 'stages' | 'matters' | 'materials';
const PATH_RE = /^(stages|matters|materials)\[(\d+)\]/;

/** One catalogue version: stages / matters / materials; drafts are edited here, saved whole, validated and published. */
export function CatalogueVersionPage() {
  const { id } = useParams<{ id: string }>();
  const errorText = useErrorText();
  const version = useCatalogueVersion(id);
  if (version.isPending) return <Spin />;
  if (version.isError) {
    const notFound = version.error instanceof ApiError && version.error.status === 404;
    return <Result status={notFound ? '404' : 'error'} title={errorText(version.error)} />;
  }
  return <VersionEditor key={version.data.id} detail={version.data} />;
}

function VersionEditor({ detail }: { detail: CatalogueVersionDetail }) {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const departmentName = useDepartmentName();
  const save = useSaveCatalogue(detail.id);
  const publish = usePublishVersion(detail.id);
  const editable = detail.status === 'draft';
  const [catalogue, setCatalogue] = useState<Catalogue>(detail.catalogue);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<ValidationProblem[]>(detail.validation.problems);
  const [tab, setTab] = useState<TabKey>('matters');
  const [highlight, setHighlight] = useState<string | null>(null);
  const [editingMatter, setEditingMatter] = useState<number | null>(null);
  const [editingMaterial, setEditingMaterial] = useState<number | null>(null);
  const [editingStage, setEditingStage] = useState<number | null>(null);

  useEffect(() => {
    if (!dirty) {
      setCatalogue(detail.catalogue);
      setProblems(detail.validation.problems);
    }
  }, [detail, dirty]);

  const update = (next: Catalogue) => {
    setCatalogue(next);
    setDirty(true);
  };

  const onSave = async () => {
    try {
      const saved = await save.mutateAsync(catalogue);
      setDirty(false);
      setProblems(saved.validation.problems);
      if (saved.validation.ok) message.success(t('catalogue.saved'));
      else message.warning(t('catalogue.savedWithProblems', { count: saved.validation.problems.length }));
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const onPublish = () => {
    modal.confirm({
      title: t('catalogue.publishConfirm', { version: detail.version }),
      content: t('catalogue.publishHint'),
      okText: t('catalogue.publish'),
      okButtonProps: { 'data-testid': 'publish-ok' } as never,
      onOk: async () => {
        try {
          await publish.mutateAsync();
          message.success(t('catalogue.published', { version: detail.version }));
        } catch (error) {
          const fields = error instanceof ApiError ? (error.body?.fields ?? []) : [];
          modal.error({
            title: t('catalogue.publishRefused'),
            width: 560,
            content: (
              <div data-testid="publish-problems">
                <Typography.Paragraph>{errorText(error)}</Typography.Paragraph>
                <ul className="problem-ul">
                  {fields.map((f, i) => (
                    <li key={i}>
                      <span className="mono">{f.field}</span>：{pickMessage(f, locale)}
                    </li>
                  ))}
                </ul>
              </div>
            ),
          });
        }
      },
    });
  };

  const focusProblem = (problem: ValidationProblem) => {
    const match = PATH_RE.exec(problem.path);
    if (!match) return;
    const list = match[1] as TabKey;
    const item = catalogue[list][Number(match[2])];
    if (!item) return;
    setTab(list);
    setHighlight(`${list}:${item.code}`);
    window.setTimeout(() => {
      document.querySelector(`[data-row-key="${CSS.escape(item.code)}"]`)?.scrollIntoView({ block: 'center' });
    }, 50);
  };

  const rowClass = (list: TabKey) => (row: { code: string }) =>
    highlight === `${list}:${row.code}` ? 'row-highlight' : '';
  const stageName = (code: string) => catalogue.stages.find((s) => s.code === code)?.name ?? code;
  const matterName = (code: string) => catalogue.matters.find((m) => m.code === code)?.name ?? code;

  const editColumn = <T extends { code: string }>(list: T[], open: (index: number) => void, prefix: string) => ({
    title: t('catalogue.col.actions'),
    key: 'edit',
    width: 90,
    render: (_: unknown, row: T) => (
      <Button
        size="small"
        icon={<EditOutlined />}
        onClick={() => open(list.findIndex((x) => x.code === row.code))}
        data-testid={`edit-${prefix}-${row.code}`}
      >
        {t('catalogue.edit')}
      </Button>
    ),
  });

  const stageColumns: TableColumnsType<Stage> = [
    { title: t('catalogue.col.order'), dataIndex: 'order', width: 70 },
    { title: t('catalogue.col.code'), dataIndex: 'code', render: (c: string) => <span className="mono">{c}</span> },
    { title: t('catalogue.col.name'), dataIndex: 'name' },
    { title: t('catalogue.col.lead'), dataIndex: 'leadDepartmentKind', render: (k: string) => departmentName(k) },
    {
      title: t('catalogue.col.matters'),
      key: 'count',
      render: (_, s) => catalogue.matters.filter((m) => m.stageCode === s.code).length,
    },
    ...(editable ? [editColumn(catalogue.stages, setEditingStage, 'stage')] : []),
  ];

  const matterColumns: TableColumnsType<Matter> = [
    {
      title: t('catalogue.col.name'),
      dataIndex: 'name',
      render: (_, m) => (
        <div>
          <div>{m.name}</div>
          <div className="mono guide-sub">{m.code}</div>
        </div>
      ),
    },
    {
      title: t('catalogue.col.stage'),
      dataIndex: 'stageCode',
      width: 120,
      responsive: ['md'],
      render: (c: string) => stageName(c),
    },
    {
      title: t('catalogue.col.department'),
      dataIndex: 'departmentKind',
      width: 140,
      responsive: ['lg'],
      render: (k: string) => departmentName(k),
    },
    {
      title: t('catalogue.col.limit'),
      key: 'limit',
      render: (_, m) => (
        <span data-testid={`limit-${m.code}`}>
          {t('catalogue.limitShort', {
            promised: m.promisedLimitWorkingDays,
            statutory: m.statutoryLimitWorkingDays ?? '—',
          })}
          {m.limitIsConfirmed ? null : <Tag className="limit-unconfirmed">{t('guide.unconfirmed')}</Tag>}
        </span>
      ),
    },
    {
      title: t('catalogue.col.dependsOn'),
      dataIndex: 'dependsOn',
      responsive: ['xl'],
      render: (codes: string[]) => (codes.length ? codes.map(matterName).join(t('common.listSeparator')) : '—'),
    },
    {
      title: t('catalogue.tab.materials'),
      dataIndex: 'materialCodes',
      width: 70,
      responsive: ['md'],
      render: (codes: string[]) => codes.length,
    },
    {
      title: t('catalogue.col.formFields'),
      key: 'formFields',
      width: 70,
      responsive: ['md'],
      render: (_, m) => <span data-testid={`form-fields-${m.code}`}>{m.formFields?.length ?? 0}</span>,
    },
    ...(editable ? [editColumn(catalogue.matters, setEditingMatter, 'matter')] : []),
  ];

  const materialColumns: TableColumnsType<Material> = [
    {
      title: t('catalogue.col.name'),
      dataIndex: 'name',
      render: (_, m) => (
        <div>
          <div>{m.name}</div>
          <div className="mono guide-sub">{m.code}</div>
        </div>
      ),
    },
    {
      title: t('catalogue.col.marks'),
      key: 'marks',
      render: (_, m) => (
        <Space size={4} wrap>
          {m.required ? <Tag>{t('catalogue.required')}</Tag> : <Tag>{t('guide.optional')}</Tag>}
          {m.main ? <Tag color="purple">{t('guide.main')}</Tag> : null}
          {m.tolerable ? <Tag color="cyan">{t('guide.tolerable')}</Tag> : null}
          {m.commitmentText ? <Tag color="gold">{t('guide.commitment')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('catalogue.col.usedBy'),
      key: 'used',
      responsive: ['md'],
      render: (_, m) => catalogue.matters.filter((x) => x.materialCodes.includes(m.code)).length,
    },
    ...(editable ? [editColumn(catalogue.materials, setEditingMaterial, 'material')] : []),
  ];

  return (
    <Page
      title={
        <Space wrap>
          <span className="mono">{detail.version}</span>
          <VersionStatusTag status={detail.status} />
          {dirty ? <Tag color="orange">{t('catalogue.unsaved')}</Tag> : null}
        </Space>
      }
      description={editable ? t('catalogue.draftHint') : t('catalogue.readOnly')}
      testId="catalogue-version"
      extra={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void downloadCatalogue({ id: detail.id, version: detail.version } as Parameters<
                typeof downloadCatalogue
              >[0]).catch((error: unknown) => message.error(errorText(error)))
            }
          >
            {t('catalogue.export')}
          </Button>
          {editable ? (
            <>
              <Button
                icon={<SaveOutlined />}
                type={dirty ? 'primary' : 'default'}
                loading={save.isPending}
                onClick={() => void onSave()}
                data-testid="catalogue-save"
              >
                {t('catalogue.save')}
              </Button>
              <Button
                icon={<CloudUploadOutlined />}
                disabled={dirty}
                title={dirty ? t('catalogue.saveFirst') : undefined}
                onClick={onPublish}
                data-testid="catalogue-publish"
              >
                {t('catalogue.publish')}
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      {problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          title={t('catalogue.problems', { count: problems.length })}
          data-testid="validation-problems"
          description={
            <List
              size="small"
              dataSource={problems}
              renderItem={(p) => (
                <List.Item className="problem-item" onClick={() => focusProblem(p)}>
                  <span className="mono">{p.path || '—'}</span> {pickMessage(p, locale)}
                </List.Item>
              )}
            />
          }
        />
      ) : (
        <Alert
          type="success"
          showIcon
          className="form-alert"
          title={t('catalogue.valid')}
          data-testid="validation-ok"
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as TabKey)}
        items={[
          {
            key: 'stages',
            label: `${t('catalogue.tab.stages')} (${catalogue.stages.length})`,
            children: (
              <Table
                rowKey="code"
                size="small"
                pagination={false}
                columns={stageColumns}
                dataSource={catalogue.stages}
                rowClassName={rowClass('stages')}
              />
            ),
          },
          {
            key: 'matters',
            label: `${t('catalogue.tab.matters')} (${catalogue.matters.length})`,
            children: (
              <Table
                rowKey="code"
                size="small"
                pagination={false}
                columns={matterColumns}
                dataSource={catalogue.matters}
                rowClassName={rowClass('matters')}
                data-testid="matters-table"
              />
            ),
          },
          {
            key: 'materials',
            label: `${t('catalogue.tab.materials')} (${catalogue.materials.length})`,
            children: (
              <Table
                rowKey="code"
                size="small"
                pagination={false}
                columns={materialColumns}
                dataSource={catalogue.materials}
                rowClassName={rowClass('materials')}
              />
            ),
          },
        ]}
      />
      {editingMatter !== null && catalogue.matters[editingMatter] ? (
        <MatterEditor
          catalogue={catalogue}
          matter={catalogue.matters[editingMatter]}
          onCancel={() => setEditingMatter(null)}
          onOk={(matter) => {
            update({ ...catalogue, matters: catalogue.matters.map((m, i) => (i === editingMatter ? matter : m)) });
            setEditingMatter(null);
          }}
        />
      ) : null}
      {editingMaterial !== null && catalogue.materials[editingMaterial] ? (
        <MaterialEditor
          material={catalogue.materials[editingMaterial]}
          onCancel={() => setEditingMaterial(null)}
          onOk={(material) => {
            update({
              ...catalogue,
              materials: catalogue.materials.map((m, i) => (i === editingMaterial ? material : m)),
            });
            setEditingMaterial(null);
          }}
        />
      ) : null}
      {editingStage !== null && catalogue.stages[editingStage] ? (
        <StageEditor
          stage={catalogue.stages[editingStage]}
          onCancel={() => setEditingStage(null)}
          onOk={(stage) => {
            update({ ...catalogue, stages: catalogue.stages.map((s, i) => (i === editingStage ? stage : s)) });
            setEditingStage(null);
          }}
        />
      ) : null}
    </Page>
  );
}
