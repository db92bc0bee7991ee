import { CustomerServiceOutlined, FileSearchOutlined, FormOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import type { PortalService } from './portal-services.ts';

export function PortalServiceIcon({ service }: { service: PortalService }) {
  switch (service) {
    case 'apply':
      return <FormOutlined />;
    case 'query':
      return <FileSearchOutlined />;
    case 'ask':
      return <QuestionCircleOutlined />;
    case 'assist':
      return <CustomerServiceOutlined />;
  }
}
