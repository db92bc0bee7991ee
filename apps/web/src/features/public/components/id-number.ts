const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character of an 18-digit 居民身份证号 (the server checks the same). */
export function isValidResidentIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK.charAt(sum % 11) === id.charAt(17);
}

/** Mobile (1[3-9] + 9 digits) or a fixed line with its area code, as the server accepts. */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
/** 3–32 characters, a letter first, then letters, digits, _ . - (the server's rule). */
export const USERNAME_RE = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;
