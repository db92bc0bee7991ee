import { Typography } from 'antd';
import type { ReactNode } from 'react';

interface PageProps {
  title: ReactNode;
  /** Short explanation under the title. */
  description?: ReactNode;
  /** Buttons on the right of the title. */
  extra?: ReactNode;
  /** `workbench-<role>` on a role's landing page, so browser journeys can recognise it. */
  testId?: string;
  children?: ReactNode;
}

/** The frame of every page inside the layout: a title row and the content. */
export function Page({ title, description, extra, testId, children }: PageProps) {
  return (
    <section className="page" data-testid={testId}>
      <header className="page-head">
        <div className="page-head-text">
          <Typography.Title level={4} className="page-title">
            {title}
          </Typography.Title>
          {description ? <Typography.Text type="secondary">{description}</Typography.Text> : null}
        </div>
        {extra ? <div className="page-extra">{extra}</div> : null}
      </header>
      {children}
    </section>
  );
}
