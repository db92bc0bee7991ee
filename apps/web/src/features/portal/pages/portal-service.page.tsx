import { Card, Result } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { PortalServiceIcon } from '../components/portal-service-icon.tsx';
import { PORTAL_SERVICES, type PortalService } from '../components/portal-services.ts';

/** 我要办 / 我要查 / 我要问 / 帮我办 until their modules land: says so plainly instead of showing sample data. */
export function PortalServicePage({ service }: { service: PortalService }) {
  const { t } = useI18n();
  const info = PORTAL_SERVICES.find((candidate) => candidate.key === service);
  if (!info) return null;
  return (
    <Page title={t(info.titleKey)} description={t(info.descriptionKey)} testId={`portal-${service}`}>
      <Card>
        <Result
          icon={<PortalServiceIcon service={service} />}
          title={t(info.titleKey)}
          subTitle={t('app.comingSoon')}
        />
      </Card>
    </Page>
  );
}
