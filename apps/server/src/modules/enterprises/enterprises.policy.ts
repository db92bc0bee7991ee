import { roles } from '../../plugins/authorization.ts';

/** Self-registration is public (an enterprise has no account yet); an applicant reads its own enterprise. */
export const enterprisePolicy = {
  register: 'public',
  readOwn: roles('applicant'),
  /** 代办委托: the enterprise's applicant authorises and revokes agents; an agent lists who authorised it. */
  manageAgents: roles('applicant'),
  agentEnterprises: roles('agent'),
} as const;
