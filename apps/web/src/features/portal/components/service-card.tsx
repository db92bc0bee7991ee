import { Card, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { PortalServiceIcon } from './portal-service-icon.tsx';
import type { PortalServiceInfo } from './portal-services.ts';

/** One of the four large entry cards on the portal home. */
export function ServiceCard({ service }: { service: PortalServiceInfo }) {
  const { t } = useI18n();
  return (
    <Link to={service.path} className="service-card-link" data-testid={`portal-card-${service.key}`}>
      <Card hoverable className={`service-card service-card-${service.key}`}>
        <div className="service-card-icon">
          <PortalServiceIcon service={service.key} />
        </div>
        <Typography.Title level={3} className="service-card-title">
          {t(service.titleKey)}
        </Typography.Title>
        <Typography.Text type="secondary">{t(service.descriptionKey)}</Typography.Text>
      </Card>
    </Link>
  );
}
