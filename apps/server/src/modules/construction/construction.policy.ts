import { roles } from '../../plugins/authorization.ts';

/**
 * 建设情况: the project's owners (applicant, agent) report; they and staff in the project's region subtree read it (the
 * projects service decides: 404 otherwise). Supervisors list the projects in construction of their region subtree.
 */
export const constructionPolicy = {
  read: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  report: roles('applicant', 'agent'),
  list: roles('supervisor'),
  inspect: roles('supervisor'),
} as const;
