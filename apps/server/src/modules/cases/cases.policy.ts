import { roles } from '../../plugins/authorization.ts';

/**
 * Departments work their own department's cases (the service checks the department and the step: 404 / 403
 * STEP_NOT_YOURS); supervisors read cases within their region subtree and urge (督办) but do not act. Applicants follow
 * their project's cases; anyone may see a project's public progress (department names and statuses only).
 */
export const casePolicy = {
  list: roles('department', 'supervisor'),
  read: roles('department', 'supervisor'),
  act: roles('department'),
  consultations: roles('department'),
  urge: roles('supervisor'),
  supervision: roles('supervisor'),
  projectCases: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  publicProgress: 'public',
  publicPerformance: 'public',
} as const;
