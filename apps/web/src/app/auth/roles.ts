import type { MessageKey } from '../i18n/i18n.tsx';

export const ROLES = [
  'applicant',
  'agent',
  'window',
  'department',
  'supervisor',
  'bank',
  'intermediary',
  'sysAdmin',
  'secAdmin',
  'auditAdmin',
] as const;
export type Role = (typeof ROLES)[number];

/** Internal steps inside an approving department: 承办 → 审核 → 签发. */
export const DEPARTMENT_STEPS = ['undertake', 'review', 'sign'] as const;
export type DepartmentStep = (typeof DEPARTMENT_STEPS)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isDepartmentStep(value: string): value is DepartmentStep {
  return (DEPARTMENT_STEPS as readonly string[]).includes(value);
}

export const roleLabelKey = (role: Role): MessageKey => `role.${role}`;
export const stepLabelKey = (step: DepartmentStep): MessageKey => `step.${step}`;
