import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

/** Toggles 中文 ⇄ English; the label names the language you switch to, in that language. */
export function LanguageSwitch({ className, short = false }: { className?: string; short?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Button
      type="text"
      className={className}
      icon={<GlobalOutlined />}
      title={t('app.language')}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
    >
      {t(short ? 'app.switchToOtherShort' : 'app.switchToOther')}
    </Button>
  );
}
