import { roles } from '../../plugins/authorization.ts';

/** Self-registration is public (an enterprise has no account yet); an applicant reads its own enterprise. */
export const enterprisePolicy = {
  register: 'public',
  readOwn: roles('applicant'),
} as const;
