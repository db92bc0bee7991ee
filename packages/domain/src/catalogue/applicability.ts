/**
 * Evaluation of the applicability rule language (see {@link ApplicabilityRule}): a matter applies when any rule matches;
 * a rule matches when every condition it states holds.
 */
import type { ApplicabilityProject, ApplicabilityRule, Matter } from './catalogue-types.ts';

/** Whether one rule matches the project. */
export function matchesApplicabilityRule(rule: ApplicabilityRule, project: ApplicabilityProject): boolean {
  if (rule.procedures && !rule.procedures.includes(project.procedure)) return false;
  if (rule.investmentNatures && !rule.investmentNatures.includes(project.investmentNature)) return false;
  const industry = project.industryCode;
  if (rule.industryPrefixes) {
    if (industry === null || !rule.industryPrefixes.some((p) => industry.startsWith(p))) return false;
  }
  if (rule.excludedIndustryPrefixes && industry !== null) {
    if (rule.excludedIndustryPrefixes.some((p) => industry.startsWith(p))) return false;
  }
  const investment = project.totalInvestmentWan;
  if (rule.minInvestmentWan !== undefined && (investment === null || investment < rule.minInvestmentWan)) return false;
  if (rule.maxInvestmentWan !== undefined && (investment === null || investment >= rule.maxInvestmentWan)) return false;
  const flags = new Set(project.flags);
  if (rule.flagsAll && !rule.flagsAll.every((f) => flags.has(f))) return false;
  if (rule.flagsAny && !rule.flagsAny.some((f) => flags.has(f))) return false;
  if (rule.flagsNone && rule.flagsNone.some((f) => flags.has(f))) return false;
  return true;
}

/** Result of {@link evaluateApplicability}. */
export interface ApplicabilityResult {
  applies: boolean;
  /** The reasons of every matching rule, in rule order (Chinese). */
  reasons: string[];
  reasonsEn: string[];
}

/** Whether `matter` applies to `project`, and why (the reasons of all matching rules). */
export function evaluateApplicability(
  matter: Pick<Matter, 'applicability'>,
  project: ApplicabilityProject,
): ApplicabilityResult {
  const matched = matter.applicability.filter((rule) => matchesApplicabilityRule(rule, project));
  return {
    applies: matched.length > 0,
    reasons: matched.map((r) => r.reason),
    reasonsEn: matched.map((r) => r.reasonEn),
  };
}
