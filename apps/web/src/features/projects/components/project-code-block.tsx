import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { QrImage } from './qr-image.tsx';

/** The project code, large and copyable, beside its QR mark (which opens the public lookup page). */
export function ProjectCodeBlock({ code, qrSize = 168 }: { code: string; qrSize?: number }) {
  const { t } = useI18n();
  return (
    <div className="code-block" data-testid="project-code-block" data-code={code}>
      <div className="code-block-text">
        <Typography.Text type="secondary">{t('project.code')}</Typography.Text>
        <Typography.Text
          className="project-code"
          copyable={{ text: code, tooltips: [t('project.copyCode'), t('project.copied')] }}
          data-testid="project-code"
        >
          {code}
        </Typography.Text>
        <Link to={`/public/project-codes/${encodeURIComponent(code)}`} className="code-block-link">
          {t('project.openLookup')}
        </Link>
      </div>
      <QrImage code={code} size={qrSize} />
    </div>
  );
}
