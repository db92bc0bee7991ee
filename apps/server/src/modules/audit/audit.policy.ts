import { roles } from '../../plugins/authorization.ts';

/** 等保 2.0 §8.1.5.3: only the audit admin reads and verifies the trail. */
export const auditPolicy = {
  list: roles('auditAdmin'),
  verify: roles('auditAdmin'),
  checkpoint: roles('auditAdmin'),
} as const;
