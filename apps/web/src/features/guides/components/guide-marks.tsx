import { Space, Tag, Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';

/** 承诺 N 个工作日 (法定 M) and 未确认（可配置） when the limit is not confirmed by a primary source. */
export function LimitText({
  limit,
}: {
  limit: { promisedWorkingDays: number; statutoryWorkingDays: number | null; isConfirmed: boolean };
}) {
  const { t } = useI18n();
  return (
    <span className="limit-text">
      {limit.promisedWorkingDays === 0
        ? t('guide.limitImmediate')
        : t('guide.limitPromised', { days: limit.promisedWorkingDays })}
      {limit.statutoryWorkingDays !== null ? (
        <Typography.Text type="secondary">
          {' '}
          {t('guide.limitStatutory', { days: limit.statutoryWorkingDays })}
        </Typography.Text>
      ) : null}
      {limit.isConfirmed ? null : (
        <Tag color="default" className="limit-unconfirmed" title={t('guide.unconfirmedHint')}>
          {t('guide.unconfirmed')}
        </Tag>
      )}
    </span>
  );
}

/** 主要材料 / 容缺 / 告知承诺 / 非必需 marks of a material. */
export function MaterialMarks({
  material,
}: {
  material: { required: boolean; main: boolean; tolerable: boolean; commitmentText: string | null };
}) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap className="material-marks">
      {material.required ? null : <Tag>{t('guide.optional')}</Tag>}
      {material.main ? <Tag color="purple">{t('guide.main')}</Tag> : null}
      {material.tolerable ? <Tag color="cyan">{t('guide.tolerable')}</Tag> : null}
      {material.commitmentText ? (
        <Tag color="gold" title={material.commitmentText}>
          {t('guide.commitment')}
        </Tag>
      ) : null}
    </Space>
  );
}
