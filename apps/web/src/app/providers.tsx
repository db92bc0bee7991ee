import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, type ThemeConfig } from 'antd';
import antdEnUS from 'antd/es/locale/en_US';
import antdZhCN from 'antd/es/locale/zh_CN';
import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { queryClient } from './query-client.ts';

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1554ad',
    borderRadius: 6,
    // Noto Sans CJK first where installed (Linux, the e2e browser), then the usual Chinese system fonts.
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#0f3f86', headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff' },
  },
};

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function subscribeToReducedMotion(onChange: () => void): () => void {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * The user's "reduce motion" setting (Windows 关闭动画效果, macOS 减弱动态效果, Android 移除动画; WCAG 2.1 SC 2.3.3):
 * antd's dialogs, drawers and messages then appear at once instead of sliding and fading. The browser journeys run
 * with it too (e2e/run.ts), so a click never lands on a dialog that is still moving into place.
 */
function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeToReducedMotion,
    () => window.matchMedia(REDUCED_MOTION).matches,
    () => false,
  );
}

function AntdConfig({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const reducedMotion = usePrefersReducedMotion();
  const themed = useMemo<ThemeConfig>(
    () => (reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme),
    [reducedMotion],
  );
  return (
    <ConfigProvider locale={locale === 'en-US' ? antdEnUS : antdZhCN} theme={themed}>
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <I18nProvider>
      <AntdConfig>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </AntdConfig>
    </I18nProvider>
  );
}
