import { roles } from '../../plugins/authorization.ts';

/**
 * Applicants (and agents, for projects they created) work on their own projects; staff of the window, the departments
 * and supervision read projects within their region subtree (the services answer 404 outside it). The public code
 * lookup is open to anyone (条例673: a code must be verifiable by every department and the public).
 */
export const projectPolicy = {
  lookupCode: 'public',
  suggestProcedure: 'authenticated',
  create: roles('applicant', 'agent'),
  listOwn: roles('applicant', 'agent'),
  read: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  update: roles('applicant', 'agent'),
  submit: roles('applicant', 'agent'),
  change: roles('applicant', 'agent'),
  void: roles('applicant', 'agent'),
  /** Owners and staff in scope (the service decides which project; 404 otherwise). */
  history: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  filingCertificate: roles('applicant', 'agent', 'window', 'department', 'supervisor'),
  /** Staff search, within the region subtree. */
  search: roles('window', 'department', 'supervisor'),
  /** The QR mark of a registered code and the 公示 of filings are public, like the code lookup. */
  qrMark: 'public',
  publicFilings: 'public',
} as const;

export const STAFF_READERS = ['window', 'department', 'supervisor'] as const;
