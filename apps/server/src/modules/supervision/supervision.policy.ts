import { roles } from '../../plugins/authorization.ts';

/** Supervisors read the figures of their region subtree (the service narrows and checks the scope: 404 outside it). */
export const supervisionPolicy = {
  dashboard: roles('supervisor'),
} as const;
