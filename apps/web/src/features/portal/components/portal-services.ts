import type { MessageKey } from '../../../app/i18n/i18n.tsx';

export type PortalService = 'apply' | 'query' | 'ask' | 'assist';

export interface PortalServiceInfo {
  key: PortalService;
  path: string;
  titleKey: MessageKey;
  descriptionKey: MessageKey;
}

/** 我要办 / 我要查 / 我要问 / 帮我办: the four doors of the applicant portal (一网通办). */
export const PORTAL_SERVICES: readonly PortalServiceInfo[] = [
  { key: 'apply', path: '/portal/apply', titleKey: 'menu.apply', descriptionKey: 'portal.apply.desc' },
  { key: 'query', path: '/portal/query', titleKey: 'menu.query', descriptionKey: 'portal.query.desc' },
  { key: 'ask', path: '/portal/ask', titleKey: 'menu.ask', descriptionKey: 'portal.ask.desc' },
  { key: 'assist', path: '/portal/assist', titleKey: 'menu.assist', descriptionKey: 'portal.assist.desc' },
];
