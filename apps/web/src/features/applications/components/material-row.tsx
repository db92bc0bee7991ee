import { FileDoneOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography, Upload } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { MaterialMarks } from '../../guides/components/guide-marks.tsx';
import { fileLinks } from '../api/applications.api.ts';
import type { ApplicationMaterialView } from '../api/applications.types.ts';
import { MaterialStatusTag, ProvisionTag } from './approval-tags.tsx';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface MaterialRowProps {
  material: ApplicationMaterialView;
  /** Upload allowed for this material now. */
  canUpload: boolean;
  canCommit: boolean;
  uploading: boolean;
  highlighted: boolean;
  correctionReason?: string | undefined;
  error?: string | undefined;
  showStatus: boolean;
  onUpload: (file: File) => void;
  onCommit: () => void;
}

/** One material of the one list: marks, how it is provided, the file, and what the applicant can do. */
export function MaterialRow(props: MaterialRowProps) {
  const { material: m, canUpload, canCommit, uploading, highlighted, correctionReason, error } = props;
  const { t } = useI18n();
  return (
    <li
      className={highlighted ? 'material-row material-row-flagged' : 'material-row'}
      data-testid={`material-${m.materialCode}`}
      data-status={m.status}
    >
      <div className="material-row-main">
        <div className="material-row-title">
          <Typography.Text strong>
            {m.required ? <span className="required-mark">*</span> : null}
            {m.name}
          </Typography.Text>
          <Space size={4} wrap>
            <MaterialMarks material={m} />
            <ProvisionTag provision={m.provision} code={m.materialCode} />
            {props.showStatus ? <MaterialStatusTag status={m.status} code={m.materialCode} /> : null}
            {m.committedAt ? <FileDoneOutlined title={t('material.committed')} /> : null}
          </Space>
        </div>
        {m.file ? (
          <div className="material-file">
            <a
              href={fileLinks.projectMaterial(m.file.projectMaterialId)}
              target="_blank"
              rel="noreferrer"
              data-testid={`material-file-${m.materialCode}`}
            >
              {m.file.fileName}
            </a>
            <Typography.Text type="secondary">
              {' '}
              {formatBytes(m.file.sizeBytes)} · {m.file.mediaType}
            </Typography.Text>
          </div>
        ) : null}
        {m.licence ? (
          <div className="material-file">
            {t('material.byLicence')}{' '}
            <Link to={fileLinks.licenceVerify(m.licence.number)} className="mono">
              {m.licence.number}
            </Link>
          </div>
        ) : null}
        {correctionReason ? (
          <Alert type="warning" showIcon className="material-alert" title={correctionReason} />
        ) : null}
        {error ? (
          <Alert
            type="error"
            showIcon
            className="material-alert"
            title={error}
            data-testid={`material-error-${m.materialCode}`}
          />
        ) : null}
      </div>
      <Space className="material-row-actions" wrap>
        {canCommit ? (
          <Button onClick={props.onCommit} data-testid={`material-commit-${m.materialCode}`}>
            {t('material.signCommitment')}
          </Button>
        ) : null}
        {canUpload ? (
          <Upload
            showUploadList={false}
            accept=".pdf,.ofd,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            beforeUpload={(file) => {
              props.onUpload(file);
              return false;
            }}
          >
            <Button
              icon={<UploadOutlined />}
              loading={uploading}
              type={m.file ? 'default' : 'primary'}
              data-testid={`material-upload-${m.materialCode}`}
            >
              {m.file ? t('material.replace') : t('material.upload')}
            </Button>
          </Upload>
        ) : null}
      </Space>
    </li>
  );
}
