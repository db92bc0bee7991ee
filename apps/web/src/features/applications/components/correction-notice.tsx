import { FilePdfOutlined } from '@ant-design/icons';
import { Alert, Button, Tag, Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { fileLinks } from '../api/applications.api.ts';
import type { ApplicationDetail, CorrectionNoticeView } from '../api/applications.types.ts';
import { useFieldLabel } from './stage-form-fields.tsx';

/** The open 补正 notice (the newest one not yet supplemented), or null. */
export function openCorrection(application: ApplicationDetail): CorrectionNoticeView | null {
  const notices = [...application.corrections].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  const latest = notices[0];
  return latest && !latest.supplementedAt && application.status === 'correctionRequested' ? latest : null;
}

/** Material code → reason, for highlighting the material list. */
export function flaggedMaterials(notice: CorrectionNoticeView | null): Map<string, string> {
  return new Map((notice?.items ?? []).filter((i) => i.materialCode).map((i) => [i.materialCode!, i.reason]));
}

/** 补正告知书: every item with its reason, and the deadline. */
export function CorrectionNotice({
  application,
  notice,
}: {
  application: ApplicationDetail;
  notice: CorrectionNoticeView;
}) {
  const { t } = useI18n();
  const labelOf = useFieldLabel();
  const nameOf = (item: CorrectionNoticeView['items'][number]) => {
    if (item.materialCode) {
      return application.materials.find((m) => m.materialCode === item.materialCode)?.name ?? item.materialCode;
    }
    const field = application.form.fields.find((f) => f.code === item.fieldCode);
    return field ? labelOf(field) : (item.fieldCode ?? '');
  };
  return (
    <Alert
      type="warning"
      showIcon
      className="correction-notice"
      data-testid="correction-notice"
      title={t('correction.noticeTitle')}
      description={
        <div>
          <Typography.Paragraph className="correction-meta">
            {t('correction.issuedOn', { date: notice.issuedOn })}
            {/* 行政许可法 art.32 sets the window's days to send the notice, not a deadline for the applicant. */}
          </Typography.Paragraph>
          <ol className="correction-items">
            {notice.items.map((item, index) => (
              <li key={`${item.materialCode ?? item.fieldCode ?? ''}-${index}`} data-testid="correction-notice-item">
                <Typography.Text strong>{nameOf(item)}</Typography.Text>{' '}
                <Tag color={item.problem === 'missing' ? 'red' : 'orange'}>
                  {t(`correction.problem.${item.problem}`)}
                </Tag>
                <div className="correction-reason">{item.reason}</div>
              </li>
            ))}
          </ol>
          <Typography.Text type="secondary">{t('correction.hint')}</Typography.Text>
          <div className="correction-download">
            <a href={fileLinks.correctionNotice(application.id, notice.id)} target="_blank" rel="noreferrer">
              <Button size="small" icon={<FilePdfOutlined />} data-testid="download-correction-notice">
                {t('correction.download')}
              </Button>
            </a>
          </div>
        </div>
      }
    />
  );
}
