import { Descriptions, Drawer, Typography } from 'antd';
import { formatDateTime } from '../../../app/i18n/format-date.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useIsDesktop } from '../../../app/layout/use-is-desktop.ts';
import type { AuditEvent } from '../api/audit.api.ts';
import { ActorRole } from './actor-role.tsx';
import { AuditActionLabel } from './audit-action-label.tsx';

function JsonBlock({ value }: { value: unknown }) {
  const { t } = useI18n();
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

/** One audit row in full, with the before/after images of the change. */
export function AuditEventDrawer({ event, onClose }: { event: AuditEvent | null; onClose: () => void }) {
  const { t } = useI18n();
  const isDesktop = useIsDesktop();
  return (
    <Drawer
      open={event !== null}
      onClose={onClose}
      size={isDesktop ? 720 : '100%'}
      title={event ? t('audit.detailTitle', { seq: event.seq ?? t('audit.unsealed') }) : null}
      data-testid="audit-drawer"
    >
      {event ? (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'occurredAt', label: t('audit.col.occurredAt'), children: formatDateTime(event.occurredAt) },
              { key: 'actor', label: t('audit.col.actor'), children: event.actorUsername ?? '—' },
              { key: 'role', label: t('audit.col.actorRole'), children: <ActorRole role={event.actorRole} /> },
              { key: 'action', label: t('audit.col.action'), children: <AuditActionLabel action={event.action} /> },
              {
                key: 'target',
                label: t('audit.col.target'),
                children: [event.targetType, event.targetId].filter(Boolean).join(' · ') || '—',
              },
              { key: 'requestId', label: t('audit.col.requestId'), children: event.requestId ?? '—' },
              { key: 'ip', label: t('audit.col.ip'), children: event.ip ?? '—' },
              {
                key: 'hash',
                label: t('audit.col.hash'),
                children: <code className="hash">{event.hash ?? t('audit.unsealed')}</code>,
              },
            ]}
          />
          <Typography.Title level={5} className="json-title">
            {t('audit.before')}
          </Typography.Title>
          <JsonBlock value={event.before} />
          <Typography.Title level={5} className="json-title">
            {t('audit.after')}
          </Typography.Title>
          <JsonBlock value={event.after} />
        </>
      ) : null}
    </Drawer>
  );
}
