import { Col, Row } from 'antd';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { PORTAL_SERVICES } from '../components/portal-services.ts';
import { ServiceCard } from '../components/service-card.tsx';

/** Landing page of 项目单位 and 代办员. */
export function PortalHomePage() {
  const me = useCurrentUser();
  const { t } = useI18n();
  return (
    <Page
      title={t('portal.welcome', { name: me.displayName })}
      description={t('portal.intro')}
      testId={`workbench-${me.role}`}
    >
      <Row gutter={[16, 16]}>
        {PORTAL_SERVICES.map((service) => (
          <Col key={service.key} xs={12} lg={6}>
            <ServiceCard service={service} />
          </Col>
        ))}
      </Row>
    </Page>
  );
}
