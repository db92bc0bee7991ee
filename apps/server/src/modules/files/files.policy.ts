import { roles } from '../../plugins/authorization.ts';

/** Material files: the project's owners and staff within the region subtree (the service answers 404 otherwise). */
export const filesPolicy = {
  download: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
} as const;
