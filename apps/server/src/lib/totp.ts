import crypto from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 TOTP over RFC 4226 HOTP): the second sign-in factor for staff
 * (等保 2.0 §8.1.4.1 d 「两种或两种以上组合的鉴别技术，且其中一种至少使用密码技术」; 密评 GB/T 39786 §8.4 a 动态口令).
 *
 * HMAC-SHA1, 6 digits, 30-second steps: the parameters every authenticator app understands (the otpauth:// defaults),
 * so a clerk can use the app already on the phone. The key is 160 random bits (RFC 4226 §4 R6) and is stored encrypted
 * (lib/field-encryption.ts, SM4).
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
const SECRET_BYTES = 20;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps take the key (typed or in the QR code). */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Accepts lower case, spaces and padding (as a user might copy it). @throws Error on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`not a base32 character: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new random key, base32. */
export function generateTotpSecret(): string {
  return base32Encode(crypto.randomBytes(SECRET_BYTES));
}

/** RFC 4226 §5.3: HMAC-SHA1 of the 8-byte counter, dynamic truncation, `digits` decimal digits. */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step a moment falls in (RFC 6238 §4: T = floor(unix seconds / 30)). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

export function totpCode(secretBase32: string, step: number, digits = TOTP_DIGITS): string {
  return hotp(base32Decode(secretBase32), step, digits);
}

/**
 * The step whose code `code` is, or null. The current step is accepted, and the one before it, so a code typed as it
 * rolls over still works (RFC 6238 §5.2 recommends at most one step of delay). No future step is accepted. The caller
 * must also refuse a step at or before the last one used (ASVS 6.5.1: a code works once), which makes each code's
 * useful life end as soon as it has been used.
 */
export function matchTotpStep(secretBase32: string, code: string, at: Date): number | null {
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  const key = base32Decode(secretBase32);
  const now = totpStep(at);
  for (const step of [now, now - 1]) {
    const expected = Buffer.from(hotp(key, step));
    if (crypto.timingSafeEqual(expected, Buffer.from(code))) return step;
  }
  return null;
}

/**
 * The Key URI an authenticator app reads from the QR code (the de-facto `otpauth://totp/Issuer:account?…` format).
 * The issuer appears as the entry's name in the app, so a clerk with several platforms can tell them apart.
 */
export function otpauthUri(input: { issuer: string; accountName: string; secretBase32: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.accountName)}`;
  const params = new URLSearchParams({
    secret: input.secretBase32,
    issuer: input.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
