import { describe, expect, it } from 'vitest';
import { type CreditGrade, creditPrivileges, type CreditPolicy, DEFAULT_CREDIT_POLICY } from './credit-policy.ts';

const TODAY = '2026-06-01';
const grade = (scheme: string, g: string, validUntil: string | null = null): CreditGrade => ({
  scheme,
  grade: g,
  source: '信用中国',
  validUntil,
});

describe('creditPrivileges', () => {
  it('no grade: no green channel, but 容缺 and 告知承诺 are open to everyone by default', () => {
    expect(creditPrivileges([], TODAY, DEFAULT_CREDIT_POLICY)).toEqual({
      greenChannel: false,
      priority: false,
      toleranceAllowed: true,
      commitmentAllowed: true,
      badCredit: false,
      reasons: [],
      reasonsEn: [],
    });
  });

  it('an A grade opens the green channel with priority', () => {
    const p = creditPrivileges([grade('tax', 'A', '2026-12-31')], TODAY, DEFAULT_CREDIT_POLICY);
    expect(p).toMatchObject({ greenChannel: true, priority: true, toleranceAllowed: true, commitmentAllowed: true });
    expect(p.reasons[0]).toContain('绿色通道');
  });

  it('bad credit: no green channel and no 告知承诺 (国办发〔2020〕42号), even with an A elsewhere', () => {
    const p = creditPrivileges([grade('tax', 'A'), grade('public-credit', 'D')], TODAY, DEFAULT_CREDIT_POLICY);
    expect(p).toMatchObject({
      badCredit: true,
      greenChannel: false,
      priority: false,
      commitmentAllowed: false,
      toleranceAllowed: true,
    });
    expect(p.reasons.join('')).toContain('国办发〔2020〕42号');
    expect(p.reasonsEn.join(' ')).toContain('no commitment route');
  });

  it('ignores expired grades (valid through validUntil inclusive)', () => {
    expect(creditPrivileges([grade('public-credit', 'D', '2026-05-31')], TODAY, DEFAULT_CREDIT_POLICY)).toMatchObject({
      badCredit: false,
      commitmentAllowed: true,
    });
    const expired = creditPrivileges([grade('tax', 'A', '2026-05-31')], TODAY, DEFAULT_CREDIT_POLICY);
    expect(expired.greenChannel).toBe(false);
    expect(expired.reasons[0]).toContain('已于 2026-05-31 过期');
    expect(creditPrivileges([grade('tax', 'A', TODAY)], TODAY, DEFAULT_CREDIT_POLICY).greenChannel).toBe(true);
  });

  it('grades of unknown schemes or neutral grades change nothing', () => {
    const p = creditPrivileges([grade('customs', 'A'), grade('tax', 'B')], TODAY, DEFAULT_CREDIT_POLICY);
    expect(p).toMatchObject({ greenChannel: false, badCredit: false, toleranceAllowed: true, commitmentAllowed: true });
  });

  it('with routesRequireGreenChannel, 容缺 and 告知承诺 only for the green channel', () => {
    const strict: CreditPolicy = { ...DEFAULT_CREDIT_POLICY, routesRequireGreenChannel: true };
    expect(creditPrivileges([], TODAY, strict)).toMatchObject({ toleranceAllowed: false, commitmentAllowed: false });
    expect(creditPrivileges([grade('tax', 'B')], TODAY, strict)).toMatchObject({
      toleranceAllowed: false,
      commitmentAllowed: false,
    });
    expect(creditPrivileges([grade('tax', 'A')], TODAY, strict)).toMatchObject({
      greenChannel: true,
      toleranceAllowed: true,
      commitmentAllowed: true,
    });
    expect(creditPrivileges([grade('tax', 'A'), grade('tax', 'D')], TODAY, strict)).toMatchObject({
      greenChannel: false,
      toleranceAllowed: false,
      commitmentAllowed: false,
    });
  });

  it('follows a configured scheme (grades are data)', () => {
    const policy: CreditPolicy = {
      greenChannelGrades: { 'local-3a': ['AAA'] },
      badGrades: { 'local-3a': ['C'] },
      routesRequireGreenChannel: false,
    };
    expect(creditPrivileges([grade('local-3a', 'AAA')], TODAY, policy).greenChannel).toBe(true);
    expect(creditPrivileges([grade('local-3a', 'C')], TODAY, policy).commitmentAllowed).toBe(false);
    expect(creditPrivileges([grade('tax', 'A')], TODAY, policy).greenChannel).toBe(false);
  });
});
