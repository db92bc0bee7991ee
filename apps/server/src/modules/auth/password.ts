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

/** When the password must be changed by (PASSWORD_MAX_AGE_DAYS after its last change), or null when it never expires. */
export function passwordExpiresAt(passwordChangedAt: Date, maxAgeDays: number): Date | null {
  return maxAgeDays > 0 ? new Date(passwordChangedAt.getTime() + maxAgeDays * 86_400_000) : null;
}

/**
 * 等保 2.0 §8.1.4.1 a (鉴别信息…定期更换): the account must change its password before anything else — it is older than
 * PASSWORD_MAX_AGE_DAYS, or it was set by the system admin (PASSWORD_INITIAL_MUST_CHANGE).
 */
export function isPasswordChangeDue(
  user: { passwordChangedAt: Date; passwordChangeRequired: boolean },
  maxAgeDays: number,
  now: Date,
): boolean {
  const expiresAt = passwordExpiresAt(user.passwordChangedAt, maxAgeDays);
  return user.passwordChangeRequired || (expiresAt !== null && expiresAt <= now);
}

/**
 * Passwords common in Chinese leaks and on Chinese systems that meet the character-class rule but are guessed first:
 * 拼音 and 520/1314 love numbers, QQ numbers' habits, and the "Admin@123" pattern of vendor defaults (published analyses
 * of the 2011 CSDN / 天涯 leaks and of default-password lists). Compared lower-cased, like the list below.
 */
const CHINESE_COMMON_PASSWORDS = [
  'woaini1314',
  'woaini520',
  'woaini123',
  'iloveyou1314',
  '5201314520',
  'qq123456',
  'qq5201314',
  'aa123456',
  'aa123456789',
  'a123456789',
  'a12345678',
  'abc123456',
  'abc@123456',
  'abc@1234',
  'abc@123',
  'admin@123',
  'admin@1234',
  'admin@123456',
  'admin123456',
  'root@123',
  'test@123',
  'test@1234',
  'welcome@123',
  'passw0rd!',
  'p@ssw0rd123',
  'p@ssword1',
  'zxc123456',
  'qwe123456',
  'asd123456',
  '1qaz@wsx',
  '1qaz!qaz',
  '1qaz2wsx#edc',
  'zhang123456',
  'wang123456',
  'li123456',
  'huawei@123',
  'huawei123',
] as const;

let commonPasswords: Promise<Set<string>> | undefined;
/**
 * ASVS 6.2.4: a password is checked against the most common ones — the zxcvbn list (49,233 passwords from public leaks,
 * `@zxcvbn-ts/language-common`, MIT; only those of 8 characters or more can pass the length rule) and the Chinese ones
 * above. Loaded on first use (~25 ms), not at start-up.
 */
function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) =>
      new Set([...dictionary['passwords-common'].filter((p) => p.length >= 8), ...CHINESE_COMMON_PASSWORDS]),
  );
  return commonPasswords;
}

/**
 * 等保 2.0 §8.1.4.1 a: 鉴别信息具有复杂度要求 — at least `minLength` characters from at least three of: lower case, upper
 * case, digits, symbols. ASVS 6.2.4 / 6.2.11: not one of the common passwords (compared lower-cased, so "Password1" is
 * refused as "password1" is), and not containing the account's username. Returns the problem in both languages, or
 * null.
 */
export async function checkPasswordStrength(
  password: string,
  policy: PasswordPolicy,
  username?: string,
): Promise<{ message: string; messageEn: string } | null> {
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
  const lower = password.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) {
    return { message: '密码不能包含用户名', messageEn: 'must not contain the username' };
  }
  if ((await loadCommonPasswords()).has(lower)) {
    return {
      message: '该密码过于常见，容易被猜中，请换一个',
      messageEn: 'is one of the most common passwords and easily guessed; choose another',
    };
  }
  return null;
}
