import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * 导出表格: runs a CSV download in the page's language; busy while it runs, the server's message if it refuses, and
 * `truncatedNote(rows)` after it when the server says the list had more rows than the file holds.
 */
export function ExportButton({
  run,
  disabled,
  truncatedNote,
  testId,
}: {
  run: (language: 'zh-CN' | 'en') => Promise<{ rows: number; truncated: boolean }>;
  disabled: boolean;
  truncatedNote: (rows: number) => string;
  testId: string;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      disabled={disabled}
      onClick={() => {
        setBusy(true);
        run(locale === 'en-US' ? 'en' : 'zh-CN')
          .then(({ rows, truncated }) => {
            if (truncated) message.info(truncatedNote(rows));
          })
          .catch((error: unknown) => message.error(errorText(error)))
          .finally(() => setBusy(false));
      }}
      data-testid={testId}
    >
      {t('common.export')}
    </Button>
  );
}
