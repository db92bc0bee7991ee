import { roles } from '../../plugins/authorization.ts';

/**
 * Applicants and agents work on the applications of their own projects; window, department and supervision staff read
 * those in their region subtree (the services answer 404 outside it, and never show drafts to staff). The window alone
 * examines and accepts. Credit grades are recorded by admins and supervisors; verification tasks belong to departments.
 */
export const applicationPolicy = {
  read: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  applicant: roles('applicant', 'agent'),
  window: roles('window'),
  readCredit: roles('sysAdmin', 'supervisor', 'window', 'applicant'),
  recordCredit: roles('sysAdmin', 'supervisor'),
  listVerification: roles('department', 'supervisor'),
  completeVerification: roles('department'),
} as const;
