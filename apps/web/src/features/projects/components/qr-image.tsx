import { Alert, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiBlob } from '../../../app/api/http.ts';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { qrSvgPath } from '../../public/api/public.api.ts';

/**
 * The project's QR mark as the server draws it (it encodes the public lookup URL). Fetched rather than put in an <img
 * src> so that a refusal (not registered, not deployed yet) shows the server's own message instead of a broken image.
 */
export function QrImage({ code, size = 200 }: { code: string; size?: number }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const qr = useQuery({
    queryKey: ['qr', code],
    queryFn: ({ signal }) => apiBlob(qrSvgPath(code), signal),
    retry: false,
    staleTime: Infinity,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!qr.data) return undefined;
    const objectUrl = URL.createObjectURL(qr.data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [qr.data]);

  if (qr.isError) {
    return (
      <Alert
        type="warning"
        showIcon
        className="qr-error"
        title={t('project.qrUnavailable')}
        description={errorText(qr.error)}
        data-testid="qr-error"
      />
    );
  }
  if (!url) {
    return (
      <div className="qr-placeholder" style={{ width: size, height: size }}>
        <Spin />
      </div>
    );
  }
  return (
    <img
      src={url}
      width={size}
      height={size}
      className="qr-image"
      alt={t('project.qrAlt', { code })}
      data-testid="qr-image"
    />
  );
}
