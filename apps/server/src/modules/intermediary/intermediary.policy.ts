import { roles } from '../../plugins/authorization.ts';

/**
 * 中介超市: agencies (intermediary) publish services and answer engagements; project units (applicant, agent) engage
 * services for their own projects and rate them (the service checks ownership: 404 otherwise); anyone signed in browses.
 */
export const intermediaryPolicy = {
  browse: 'authenticated',
  agency: roles('intermediary'),
  owner: roles('applicant', 'agent'),
} as const;
