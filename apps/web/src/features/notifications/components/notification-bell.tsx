import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useMarkAllRead, useMarkRead, useNotifications, type NotificationView } from '../api/notifications.api.ts';
import '../../applications/components/approval.css';

/** The header bell: unread count, the latest notices; a click marks read and opens the notice's page. */
export function NotificationBell({ className }: { className?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const notifications = useNotifications();
  const unread = notifications.data?.unread ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={<BellTitle unread={unread} />}
      content={<NotificationList items={notifications.data?.items ?? []} onNavigate={() => setOpen(false)} />}
      classNames={{ root: 'notification-popover' }}
    >
      <Button type="text" className={className} aria-label={t('notification.title')} data-testid="notification-bell">
        <Badge count={unread} size="small" offset={[2, -2]} data-testid="notification-count">
          <BellOutlined className="notification-icon" />
        </Badge>
      </Button>
    </Popover>
  );
}

function BellTitle({ unread }: { unread: number }) {
  const { t } = useI18n();
  const markAll = useMarkAllRead();
  return (
    <div className="notification-head">
      <span>{t('notification.title')}</span>
      <Button
        type="link"
        size="small"
        disabled={unread === 0}
        loading={markAll.isPending}
        onClick={() => markAll.mutate()}
        data-testid="notification-read-all"
      >
        {t('notification.readAll')}
      </Button>
    </div>
  );
}

function NotificationList({ items, onNavigate }: { items: NotificationView[]; onNavigate: () => void }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notification.empty')} />;
  const english = locale === 'en-US';
  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate(n.id);
    onNavigate();
    if (n.link) void navigate(n.link);
  };
  return (
    <ul className="notification-list" data-testid="notification-list">
      {items.map((n) => (
        <li key={n.id}>
          <button
            type="button"
            className={n.readAt ? 'notification-item' : 'notification-item notification-unread'}
            onClick={() => open(n)}
            data-testid={`notification-${n.id}`}
            data-kind={n.kind}
          >
            <Typography.Text strong={!n.readAt}>{english ? n.titleEn || n.title : n.title}</Typography.Text>
            <span className="notification-body">{english ? n.bodyEn || n.body : n.body}</span>
            <Typography.Text type="secondary" className="notification-time">
              {formatDateTime(n.createdAt, false)}
            </Typography.Text>
          </button>
        </li>
      ))}
    </ul>
  );
}
