import { Card, Collapse, Space } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { GuidesPage } from '../../guides/pages/guides.page.tsx';
import { FAQ } from '../components/faq.ts';

/** 我要问: the service guides of the current catalogue and the common questions, each answer with its legal source. */
export function AskPage() {
  const { t, locale } = useI18n();
  const english = locale === 'en-US';
  return (
    <Page title={t('menu.ask')} description={t('ask.intro')} testId="portal-ask">
      <Space orientation="vertical" size={16} className="full-width">
        <GuidesPage />
        <Card title={t('ask.faqTitle')} data-testid="ask-faq">
          <Collapse
            items={FAQ.map((item) => ({
              key: item.key,
              label: english ? item.qEn : item.q,
              children: <p className="faq-answer">{english ? item.aEn : item.a}</p>,
            }))}
          />
        </Card>
      </Space>
    </Page>
  );
}
