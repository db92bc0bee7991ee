import { Alert, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useErrorText } from '../../../app/api/error-text.ts';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.tsx';
import { useProjectHistory, type FieldChange, type HistoryItem } from '../api/projects.api.ts';
import { fieldLabelKey, formatFieldValue, isProjectField } from './project-labels.ts';

const KIND_KEYS: Record<string, MessageKey> = {
  created: 'project.history.created',
  submitted: 'project.history.submitted',
  coded: 'project.history.coded',
  filed: 'project.history.filed',
  change: 'project.history.change',
  void: 'project.history.void',
};

const KIND_COLORS: Record<string, string> = {
  created: 'gray',
  submitted: 'blue',
  coded: 'blue',
  filed: 'green',
  change: 'orange',
  void: 'red',
};

const CHANGE_STATUS_KEYS: Record<string, MessageKey> = {
  applied: 'project.change.applied',
  pending: 'project.change.pending',
  rejected: 'project.change.rejected',
};

function ChangeLines({ changes }: { changes: FieldChange[] }) {
  const { t } = useI18n();
  return (
    <ul className="change-lines" data-testid="history-changes">
      {changes.map((change) => (
        <li key={change.field}>
          <span className="change-field">
            {isProjectField(change.field) ? t(fieldLabelKey(change.field)) : (change.label ?? change.field)}
          </span>
          <span className="change-before">{formatFieldValue(t, change.field, change.before)}</span>
          <ArrowRightOutlined className="change-arrow" />
          <span className="change-after">{formatFieldValue(t, change.field, change.after)}</span>
        </li>
      ))}
    </ul>
  );
}

function HistoryEntry({ item }: { item: HistoryItem }) {
  const { t } = useI18n();
  const kindKey = KIND_KEYS[item.kind];
  const statusKey = item.status ? CHANGE_STATUS_KEYS[item.status] : undefined;
  return (
    <div className="history-entry" data-testid="history-entry" data-kind={item.kind}>
      <div className="history-head">
        <Typography.Text strong>{kindKey ? t(kindKey) : item.kind}</Typography.Text>
        {statusKey ? <Tag className="history-status">{t(statusKey)}</Tag> : null}
      </div>
      <Typography.Text type="secondary" className="history-meta">
        {formatDateTime(item.at)}
        {item.actorUsername ? ` · ${item.actorUsername}` : ''}
      </Typography.Text>
      {item.reason ? (
        <div className="history-reason">
          {t('project.history.reason')}
          {item.reason}
        </div>
      ) : null}
      {item.changes && item.changes.length > 0 ? <ChangeLines changes={item.changes} /> : null}
    </div>
  );
}

/** 变更记录: every event of the project, newest first, with before → after per changed field. */
export function HistoryTimeline({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const history = useProjectHistory(projectId);
  if (history.isPending) return <Spin />;
  if (history.isError) {
    return <Alert type="warning" showIcon title={errorText(history.error)} data-testid="history-error" />;
  }
  if (history.data.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('project.history.empty')} />;
  }
  // Newest first, as the server sends it; events of the same instant (赋码 and 备案) keep the server's order.
  const items = [...history.data].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Timeline
      className="history-timeline"
      data-testid="history-timeline"
      items={items.map((item) => ({
        key: item.id,
        color: KIND_COLORS[item.kind] ?? 'blue',
        content: <HistoryEntry item={item} />,
      }))}
    />
  );
}
