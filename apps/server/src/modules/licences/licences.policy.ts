import { roles } from '../../plugins/authorization.ts';

/**
 * The licence package and each licence are read by the project's owners (applicant, agent) and by staff in the
 * project's region subtree (the service answers 404 otherwise). Anyone may verify a licence by its number (the QR mark
 * on the paper points there). Revocation and extension are the issuing department's, at the sign step (checked in the
 * service).
 */
export const licencePolicy = {
  projectLicences: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  read: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  pdf: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  verify: 'public',
  revoke: roles('department'),
  extend: roles('department'),
} as const;
