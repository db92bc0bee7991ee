import { roles } from '../../plugins/authorization.ts';

/** The system admin issues and revokes keys for machine-client accounts (department systems, upstream platform). */
export const apiKeyPolicy = {
  list: roles('sysAdmin'),
  create: roles('sysAdmin'),
  revoke: roles('sysAdmin'),
} as const;
