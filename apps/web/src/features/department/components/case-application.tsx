import { Descriptions, Empty, Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { fileLinks, useApplication } from '../../applications/api/applications.api.ts';
import { formatBytes } from '../../applications/components/material-row.tsx';
import { AcceptanceModeTag, MaterialStatusTag, ProvisionTag } from '../../applications/components/approval-tags.tsx';
import { FormDataView } from '../../applications/components/stage-form-fields.tsx';
import type {
  AcceptanceMode,
  MaterialProvisionView,
  MaterialStatus,
} from '../../applications/api/applications.types.ts';
import type { CaseApplicationSummary } from '../api/cases.types.ts';

/** The application behind the case: project, enterprise, acceptance, the form data and the materials (file links). */
export function CaseApplicationSummaryView({ application: a }: { application: CaseApplicationSummary }) {
  const { t } = useI18n();
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      data-testid="case-application"
      items={[
        { key: 'project', label: t('window.col.projectName'), children: a.projectName },
        { key: 'code', label: t('project.code'), children: <span className="mono">{a.projectCode}</span> },
        {
          key: 'enterprise',
          label: t('application.enterprise'),
          children: `${a.enterpriseName} (${a.enterpriseCreditCode})`,
        },
        { key: 'stage', label: t('window.col.stage'), children: a.stageName },
        {
          key: 'receipt',
          label: t('application.receiptNumber'),
          children: <span className="mono">{a.receiptNumber ?? '—'}</span>,
        },
        { key: 'accepted', label: t('application.acceptedOn'), children: a.acceptedOn ?? '—' },
        ...(a.acceptanceMode
          ? [
              {
                key: 'mode',
                label: t('application.acceptanceMode'),
                children: <AcceptanceModeTag mode={a.acceptanceMode as AcceptanceMode} />,
              },
            ]
          : []),
      ]}
    />
  );
}

/** Form data with the form's labels when the application can be read, else by field code. */
export function CaseFormData({ application }: { application: CaseApplicationSummary }) {
  const detail = useApplication(application.id);
  return <FormDataView data={application.formData} fields={detail.data?.form.fields} />;
}

export function CaseMaterials({ materials }: { materials: CaseApplicationSummary['materials'] }) {
  const { t } = useI18n();
  if (materials.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('material.none')} />;
  return (
    <ul className="plain-list" data-testid="case-materials">
      {materials.map((m) => (
        <li key={m.materialCode} className="plain-list-item">
          <div>
            <Typography.Text strong>{m.name}</Typography.Text>{' '}
            <ProvisionTag provision={m.provision as MaterialProvisionView} code={m.materialCode} />
            <MaterialStatusTag status={m.status as MaterialStatus} code={m.materialCode} />
          </div>
          {m.file ? (
            <div>
              <a
                href={fileLinks.projectMaterial(m.file.projectMaterialId)}
                target="_blank"
                rel="noreferrer"
                data-testid={`material-file-${m.materialCode}`}
              >
                {m.file.fileName}
              </a>{' '}
              <Typography.Text type="secondary">
                {formatBytes(m.file.sizeBytes)} · {m.file.mediaType}
              </Typography.Text>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
