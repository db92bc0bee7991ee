import type { MessageKey } from '../../../app/i18n/i18n.tsx';
import type { FinancingNeed, Offer, ProductCategory } from '../api/finance.api.ts';

export const CATEGORY_KEYS: Record<ProductCategory, MessageKey> = {
  projectLoan: 'finance.category.projectLoan',
  workingCapital: 'finance.category.workingCapital',
  greenCredit: 'finance.category.greenCredit',
  techCredit: 'finance.category.techCredit',
  other: 'finance.category.other',
};

export const NEED_STATUS: Record<FinancingNeed['status'], { key: MessageKey; color: string }> = {
  open: { key: 'finance.need.open', color: 'processing' },
  matched: { key: 'finance.need.matched', color: 'success' },
  closed: { key: 'finance.need.closed', color: 'default' },
};

export const OFFER_STATUS: Record<Offer['status'], { key: MessageKey; color: string }> = {
  offered: { key: 'finance.offer.offered', color: 'processing' },
  accepted: { key: 'finance.offer.accepted', color: 'success' },
  declined: { key: 'finance.offer.declined', color: 'default' },
};

export { formatWan } from '../../../app/i18n/format-wan.ts';
