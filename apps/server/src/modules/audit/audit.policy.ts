import { roles } from '../../plugins/authorization.ts';

/**
 * 等保 2.0 §8.1.5.3: only the audit admin reads and verifies the trail. The security admin reads one part of it: what
 * the audit admins themselves did (三员 mutual oversight, security-notes §1.2) — nothing of anyone else.
 */
export const auditPolicy = {
  list: roles('auditAdmin'),
  reviewAuditAdmins: roles('secAdmin'),
  verify: roles('auditAdmin'),
  checkpoint: roles('auditAdmin'),
} as const;
