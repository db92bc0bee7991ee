import { describe, expect, it } from 'vitest';
import { checkPasswordStrength } from './password.ts';

const policy = { minLength: 8 };
const problem = async (password: string, username?: string) =>
  (await checkPasswordStrength(password, policy, username))?.messageEn ?? null;

describe('password policy (等保 8.1.4.1 a; ASVS 6.2.4, 6.2.11)', () => {
  it('asks for the length and three character classes', async () => {
    expect(await problem('Ab1!')).toMatch(/at least 8/);
    expect(await problem('abcdefgh12')).toMatch(/three of/);
    expect(await problem('x'.repeat(120) + 'Aa1!Aa1!Aa')).toMatch(/at most 128/);
  });

  it('refuses the common passwords that pass the class rule, whatever their case', async () => {
    // From the zxcvbn list (password1, qwer1234, p@ssw0rd, aa123456 are in it) and the Chinese list.
    for (const common of ['Password1', 'Qwer1234', 'P@ssw0rd', 'Aa123456', 'Admin@123', 'Woaini1314', 'Huawei@123']) {
      expect(await problem(common), common).toMatch(/most common/);
    }
  });

  it('refuses a password that contains the username', async () => {
    expect(await problem('Zhangwei#2026', 'zhangwei')).toMatch(/username/);
    expect(await problem('Zhangwei#2026', 'li')).toBeNull();
  });

  it('accepts a password that is long, mixed and not on the lists', async () => {
    expect(await problem('Yiwang@2026')).toBeNull();
    expect(await problem('Test@Pass2026', 'applicant')).toBeNull();
    expect(await problem('Qingshan-Wuyu-7')).toBeNull();
  });
});
