import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, type ThemeConfig } from 'antd';
import antdEnUS from 'antd/es/locale/en_US';
import antdZhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
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

function AntdConfig({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en-US' ? antdEnUS : antdZhCN} theme={theme}>
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
