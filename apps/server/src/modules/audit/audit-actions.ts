/**
 * The closed list of audit actions. An action not listed here cannot be written (the type forbids it and the writer
 * checks at run time), so the trail's vocabulary is reviewed code, not free text.
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.account_locked',
  'auth.logout',
  'auth.password_changed',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.unlocked',
  'region.created',
  'department.created',
  'api_key.created',
  'api_key.revoked',
  'calendar.override_set',
  'calendar.override_removed',
  'demo.seeded',
  'enterprise.registered',
  'project.created',
  'project.updated',
  'project.coded',
  'project.filed',
  'project.change_applied',
  'project.change_requested',
  'project.voided',
  'enterprise.agent_authorised',
  'enterprise.agent_revoked',
  'catalogue.draft_created',
  'catalogue.draft_saved',
  'catalogue.published',
  'catalogue.retired',
  'catalogue.imported',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
