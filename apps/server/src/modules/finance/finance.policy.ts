import { roles } from '../../plugins/authorization.ts';

/**
 * 金融广场: banks publish products and answer the needs of their region subtree; project units (applicant, agent) publish
 * needs of their own projects and decide on offers (the service checks ownership: 404 otherwise); anyone signed in may
 * browse the active products.
 */
export const financePolicy = {
  browseProducts: 'authenticated',
  bank: roles('bank'),
  owner: roles('applicant', 'agent'),
} as const;
