import argon2 from 'argon2';

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), as OWASP recommends for password storage. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the same work as a real verification for an unknown username, so response time does not reveal which
 * usernames exist (ASVS 6.3.8).
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

export interface PasswordPolicy {
  minLength: number;
}

/**
 * 等保 2.0 §8.1.4.1 a: 鉴别信息具有复杂度要求 — at least `minLength` characters from at least three of: lower case, upper
 * case, digits, symbols. Returns the problem in both languages, or null.
 */
export function checkPasswordStrength(
  password: string,
  policy: PasswordPolicy,
): { message: string; messageEn: string } | null {
  if (password.length < policy.minLength) {
    return {
      message: `密码长度不能少于 ${policy.minLength} 位`,
      messageEn: `must be at least ${policy.minLength} characters`,
    };
  }
  if (password.length > 128) return { message: '密码长度不能超过 128 位', messageEn: 'must be at most 128 characters' };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    return {
      message: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      messageEn: 'must contain at least three of: upper case, lower case, digits, symbols',
    };
  }
  return null;
}
