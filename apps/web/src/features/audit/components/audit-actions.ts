import type { MessageKey } from '../../../app/i18n/i18n.tsx';

/**
 * Mirror of the server's closed list of audit actions (apps/server/src/modules/audit/audit-actions.ts); the events
 * endpoint refuses any other `action` filter. An action missing here still displays, by its code.
 */
export const AUDIT_ACTION_LABELS: Record<string, MessageKey> = {
  'auth.login': 'audit.act.auth.login',
  'auth.login_failed': 'audit.act.auth.login_failed',
  'auth.account_locked': 'audit.act.auth.account_locked',
  'auth.logout': 'audit.act.auth.logout',
  'auth.password_changed': 'audit.act.auth.password_changed',
  'auth.second_factor_challenged': 'audit.act.auth.second_factor_challenged',
  'auth.second_factor_enrolled': 'audit.act.auth.second_factor_enrolled',
  'auth.second_factor_failed': 'audit.act.auth.second_factor_failed',
  'auth.second_factor_removed': 'audit.act.auth.second_factor_removed',
  'user.second_factor_reset': 'audit.act.user.second_factor_reset',
  'auth.session_revoked': 'audit.act.auth.session_revoked',
  'auth.sessions_revoked': 'audit.act.auth.sessions_revoked',
  'user.sessions_revoked': 'audit.act.user.sessions_revoked',
  'audit.events_exported': 'audit.act.audit.events_exported',
  'audit.verified': 'audit.act.audit.verified',
  'user.created': 'audit.act.user.created',
  'user.updated': 'audit.act.user.updated',
  'user.disabled': 'audit.act.user.disabled',
  'user.enabled': 'audit.act.user.enabled',
  'user.unlocked': 'audit.act.user.unlocked',
  'region.created': 'audit.act.region.created',
  'department.created': 'audit.act.department.created',
  'api_key.created': 'audit.act.api_key.created',
  'api_key.revoked': 'audit.act.api_key.revoked',
  'demo.seeded': 'audit.act.demo.seeded',
  'enterprise.registered': 'audit.act.enterprise.registered',
  'project.created': 'audit.act.project.created',
  'project.updated': 'audit.act.project.updated',
  'project.coded': 'audit.act.project.coded',
  'project.filed': 'audit.act.project.filed',
  'project.search_exported': 'audit.act.project.search_exported',
  'construction.reported': 'audit.act.construction.reported',
  'construction.inspected': 'audit.act.construction.inspected',
  'construction.reminder_sent': 'audit.act.construction.reminder_sent',
  'construction.overdue_notified': 'audit.act.construction.overdue_notified',
  'construction.decision_expiry_reminded': 'audit.act.construction.decision_expiry_reminded',
};
