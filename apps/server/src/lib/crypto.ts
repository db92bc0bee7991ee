import crypto from 'node:crypto';

/** SM3 (GB/T 32905) hex digest. Node's OpenSSL 3 implements it correctly (checked against the standard vector). */
export function sm3Hex(input: string | Buffer): string {
  return crypto.createHash('sm3').update(input).digest('hex');
}

/** A random URL-safe token with 256 bits of entropy (ASVS 7.2.3 asks for ≥ 128). */
export function randomToken(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString('base64url')}`;
}
