/**
 * Masking of personal information for display and logs (个人信息保护法 art.51 safeguards; GB/T 35273 去标识化).
 * All functions work on Unicode code points and never throw; empty input gives empty output.
 */

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

/**
 * Masks a phone number: first 3 and last 4 characters kept, the middle starred — `13812341234` → `138****1234`.
 * Inputs shorter than 8 characters keep only their last 2 (at most half); surrounding whitespace is trimmed.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone.trim());
  const n = chars.length;
  if (n >= 8) return chars.slice(0, 3).join('') + stars(n - 7) + chars.slice(-4).join('');
  const keep = Math.min(2, Math.floor(n / 2));
  return stars(n - keep) + chars.slice(n - keep).join('');
}

/**
 * Masks an identity-document number: only the first 3 and the last 4 characters are shown, and characters 7–14 are
 * never shown (in an 18-digit 居民身份证号 they are the birth date). So `110101199003071234` → `110***********1234`; for a
 * 15-digit old ID only the last character (position 15) is shown at the end; 8–14-character numbers (passports,
 * permits) show the first 3 only. Inputs shorter than 8 characters are fully starred. Surrounding whitespace is trimmed.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  const n = chars.length;
  if (n < 8) return stars(n);
  return chars.map((c, i) => (i < 3 || (i >= n - 4 && i >= 14) ? c : '*')).join('');
}

/**
 * Masks a personal name: the first character is kept, every other character starred — `张三丰` → `张**`, `张三` → `张*`,
 * `欧阳娜娜` → `欧***`. A one-character name is fully starred. Surrounding whitespace is trimmed.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return stars(chars.length);
  return (chars[0] ?? '') + stars(chars.length - 1);
}
