import { DownloadOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { Catalogue } from '@yiwang/domain';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import {
  downloadCatalogue,
  useCatalogueVersions,
  useCreateDraft,
  useImportCatalogue,
  type CatalogueVersionSummary,
} from '../api/catalogue.api.ts';
import { VersionStatusTag } from '../components/catalogue-labels.tsx';

const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** 事项目录: the catalogue versions (draft / current / retired), new draft from the current one, import and export. */
export function CatalogueVersionsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const versions = useCatalogueVersions();
  const createDraft = useCreateDraft();
  const importCatalogue = useImportCatalogue();
  const [draftOpen, setDraftOpen] = useState(false);
  const [imported, setImported] = useState<Catalogue | null>(null);
  const [form] = Form.useForm<{ version: string; note?: string }>();
  const current = versions.data?.find((v) => v.status === 'published');

  const openDraft = () => {
    form.resetFields();
    setDraftOpen(true);
  };

  const readFile = async (file: File) => {
    try {
      const parsed = JSON.parse(await file.text()) as Catalogue;
      if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.matters)) throw new Error('shape');
      form.resetFields();
      form.setFieldsValue({ version: '' });
      setImported(parsed);
    } catch {
      message.error(t('catalogue.importBadFile'));
    }
  };

  const submit = async () => {
    const values = await form.validateFields();
    const body = { version: values.version.trim(), ...(values.note?.trim() ? { note: values.note.trim() } : {}) };
    try {
      const created = imported
        ? await importCatalogue.mutateAsync({ ...body, catalogue: { ...imported, version: body.version } })
        : await createDraft.mutateAsync({ ...body, ...(current ? { fromVersionId: current.id } : {}) });
      setDraftOpen(false);
      setImported(null);
      message.success(t('catalogue.draftCreated', { version: created.version }));
      void navigate(`/admin/catalogue/${created.id}`);
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const columns: TableColumnsType<CatalogueVersionSummary> = [
    {
      title: t('catalogue.col.version'),
      dataIndex: 'version',
      render: (_, v) => (
        <Space size={4} wrap>
          <Link to={`/admin/catalogue/${v.id}`} className="mono" data-testid={`version-link-${v.version}`}>
            {v.version}
          </Link>
          {v.status === 'published' ? <Tag color="gold">{t('catalogue.current')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('catalogue.col.status'), dataIndex: 'status', render: (_, v) => <VersionStatusTag status={v.status} /> },
    {
      title: t('catalogue.col.stats'),
      key: 'stats',
      responsive: ['md'],
      render: (_, v) => t('catalogue.stats', v.stats),
    },
    {
      title: t('catalogue.col.note'),
      dataIndex: 'note',
      responsive: ['lg'],
      render: (note: string | null) => note ?? '—',
    },
    {
      title: t('catalogue.col.createdAt'),
      dataIndex: 'createdAt',
      responsive: ['lg'],
      render: (value: string) => formatDateTime(value, false),
    },
    {
      title: t('catalogue.col.publishedAt'),
      dataIndex: 'publishedAt',
      responsive: ['md'],
      render: (value: string | null) => formatDateTime(value, false),
    },
    {
      title: t('catalogue.col.actions'),
      key: 'actions',
      render: (_, v) => (
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={() => void downloadCatalogue(v).catch((error: unknown) => message.error(errorText(error)))}
          data-testid={`export-${v.version}`}
        >
          {t('catalogue.export')}
        </Button>
      ),
    },
  ];

  return (
    <Page
      title={t('menu.catalogue')}
      description={t('catalogue.intro')}
      testId="catalogue-versions"
      extra={
        <Space wrap>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={openDraft}
            data-testid="new-draft"
            disabled={!current}
          >
            {t('catalogue.newDraft')}
          </Button>
          <Upload
            accept="application/json,.json"
            showUploadList={false}
            beforeUpload={(file) => {
              void readFile(file);
              return false;
            }}
          >
            <Button icon={<ImportOutlined />} data-testid="import-catalogue">
              {t('catalogue.import')}
            </Button>
          </Upload>
        </Space>
      }
    >
      <Table
        rowKey="id"
        loading={versions.isPending}
        columns={columns}
        dataSource={versions.data ?? []}
        pagination={false}
        data-testid="versions-table"
      />
      <Modal
        open={draftOpen || imported !== null}
        title={
          imported ? t('catalogue.importTitle') : t('catalogue.newDraftTitle', { version: current?.version ?? '' })
        }
        onCancel={() => {
          setDraftOpen(false);
          setImported(null);
        }}
        onOk={() => void submit()}
        confirmLoading={createDraft.isPending || importCatalogue.isPending}
        okButtonProps={{ 'data-testid': 'draft-submit' } as never}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="version"
            label={t('catalogue.col.version')}
            extra={t('catalogue.versionHint')}
            rules={[
              { required: true, message: t('register.required') },
              { pattern: VERSION_RE, message: t('catalogue.versionHint') },
            ]}
          >
            <Input data-testid="draft-version" maxLength={40} />
          </Form.Item>
          <Form.Item name="note" label={t('catalogue.col.note')}>
            <Input.TextArea maxLength={500} rows={2} data-testid="draft-note" />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
