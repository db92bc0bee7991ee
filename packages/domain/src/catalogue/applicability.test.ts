import { describe, expect, it } from 'vitest';
import { evaluateApplicability, matchesApplicabilityRule } from './applicability.ts';
import type { ApplicabilityProject, ApplicabilityRule } from './catalogue-types.ts';

const project: ApplicabilityProject = {
  procedure: 'ratification',
  investmentNature: 'enterprise',
  industryCode: 'D4411',
  totalInvestmentWan: 5000,
  flags: ['newLand'],
};
const r = (conditions: Omit<ApplicabilityRule, 'reason' | 'reasonEn'>): ApplicabilityRule => ({
  ...conditions,
  reason: '理由',
  reasonEn: 'reason',
});

describe('applicability rules', () => {
  it('a rule with no conditions always matches', () => {
    expect(matchesApplicabilityRule(r({}), project)).toBe(true);
  });

  it('conditions within a rule are ANDed', () => {
    expect(matchesApplicabilityRule(r({ procedures: ['ratification'], flagsAll: ['newLand'] }), project)).toBe(true);
    expect(
      matchesApplicabilityRule(r({ procedures: ['ratification'], investmentNatures: ['government'] }), project),
    ).toBe(false);
  });

  it('industry prefixes: included / excluded; an unknown industry matches no inclusion', () => {
    expect(matchesApplicabilityRule(r({ industryPrefixes: ['D44'] }), project)).toBe(true);
    expect(matchesApplicabilityRule(r({ industryPrefixes: ['D45', 'E'] }), project)).toBe(false);
    expect(matchesApplicabilityRule(r({ excludedIndustryPrefixes: ['D4411'] }), project)).toBe(false);
    const unknown = { ...project, industryCode: null };
    expect(matchesApplicabilityRule(r({ industryPrefixes: ['D'] }), unknown)).toBe(false);
    expect(matchesApplicabilityRule(r({ excludedIndustryPrefixes: ['D'] }), unknown)).toBe(true);
  });

  it('investment bounds: min inclusive, max exclusive; unknown investment matches neither', () => {
    expect(matchesApplicabilityRule(r({ minInvestmentWan: 5000 }), project)).toBe(true);
    expect(matchesApplicabilityRule(r({ maxInvestmentWan: 5000 }), project)).toBe(false);
    expect(matchesApplicabilityRule(r({ maxInvestmentWan: 5000.01 }), project)).toBe(true);
    expect(matchesApplicabilityRule(r({ minInvestmentWan: 1 }), { ...project, totalInvestmentWan: null })).toBe(false);
  });

  it('flags: all / any / none', () => {
    expect(matchesApplicabilityRule(r({ flagsAll: ['newLand', 'civilBuilding'] }), project)).toBe(false);
    expect(matchesApplicabilityRule(r({ flagsAny: ['newLand', 'civilBuilding'] }), project)).toBe(true);
    expect(matchesApplicabilityRule(r({ flagsNone: ['newLand'] }), project)).toBe(false);
  });

  it('a matter applies when any rule matches, with the reasons of every matching rule', () => {
    const result = evaluateApplicability(
      {
        applicability: [
          { procedures: ['approval'], reason: '审批制', reasonEn: 'approval' },
          { flagsAll: ['newLand'], reason: '新增用地', reasonEn: 'new land' },
          { minInvestmentWan: 1000, reason: '投资≥1000万元', reasonEn: 'investment ≥ 10 million yuan' },
        ],
      },
      project,
    );
    expect(result).toEqual({
      applies: true,
      reasons: ['新增用地', '投资≥1000万元'],
      reasonsEn: ['new land', 'investment ≥ 10 million yuan'],
    });
    expect(evaluateApplicability({ applicability: [] }, project).applies).toBe(false);
  });
});
