/**
 * Small rules of the cases module that are deployment policy rather than domain state: which account permission a step
 * needs, the legal extension maximum and the legal basis of a matter's time limit.
 */
import type { Matter, StepKind } from '@yiwang/domain';
import type { CaseStepSnapshot, DepartmentStep } from '../../db/schema/index.ts';
import { LEGAL_BASIS_GENERAL_LIMIT, LEGAL_BASIS_RATIFICATION } from './case-clock.ts';

/** Catalogue step kind → the account permission (users.department_steps) needed to act at it: 签发 needs `sign`. */
export const STEP_PERMISSION: Readonly<Record<StepKind, DepartmentStep>> = Object.freeze({
  undertake: 'undertake',
  review: 'review',
  issue: 'sign',
});

export function permissionOfStep(steps: readonly CaseStepSnapshot[], code: string): DepartmentStep | null {
  const step = steps.find((s) => s.code === code);
  return step ? STEP_PERMISSION[step.kind] : null;
}

/**
 * 企业投资项目核准 (条例673): recognised by its name and its citation of 条例673 (备案 cites 条例673 too, but is not named
 * 核准), or by the default catalogue's code.
 */
export function isRatificationMatter(matter: Pick<Matter, 'code' | 'name' | 'legalBasis'>): boolean {
  if (matter.code === 'ndrc.ratification') return true;
  return (
    matter.name.includes('核准') &&
    matter.legalBasis.some((b) => b.citation.includes('673') || b.citation.includes('企业投资项目核准和备案管理条例'))
  );
}

/**
 * The most working days a matter's limit may be extended by, all extensions together: 条例673 art.10 — a 核准 decision
 * due in 20 WD may be extended by up to 40 WD with the approval of the head of the authority; otherwise 行政许可法 art.42 —
 * 20 WD extendable by 10 WD with the head's approval.
 */
export function maxExtensionWorkingDays(matter: Pick<Matter, 'code' | 'name' | 'legalBasis'>): number {
  return isRatificationMatter(matter) ? 40 : 10;
}

/** The legal basis recorded with the clock's start and with extensions. */
export function limitLegalBasis(matter: Pick<Matter, 'code' | 'name' | 'legalBasis'>): string {
  return isRatificationMatter(matter) ? LEGAL_BASIS_RATIFICATION : LEGAL_BASIS_GENERAL_LIMIT;
}

/** The web path of a case for staff notices. */
export const caseLink = (caseId: string) => `/department/cases/${caseId}`;
