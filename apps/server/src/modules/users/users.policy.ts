import { roles } from '../../plugins/authorization.ts';

/**
 * 三员分立 (等保 2.0 §8.1.5): the system admin creates and edits accounts; the security admin unlocks, disables and
 * enables them and owns the security policy; neither reads the audit trail (only the audit admin does, see audit.policy).
 */
export const userPolicy = {
  list: roles('sysAdmin', 'secAdmin'),
  create: roles('sysAdmin'),
  update: roles('sysAdmin'),
  unlock: roles('secAdmin'),
  disable: roles('secAdmin'),
  enable: roles('secAdmin'),
  resetSecondFactor: roles('secAdmin'),
  endSessions: roles('secAdmin'),
  readSecurityPolicy: roles('sysAdmin', 'secAdmin', 'auditAdmin'),
} as const;

/** Admin accounts are provisioned by the operator (seed/CLI), never through the API, so no admin can mint another. */
export const ADMIN_ROLES = ['sysAdmin', 'secAdmin', 'auditAdmin'] as const;
