import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotpStep,
  otpauthUri,
  totpCode,
  totpStep,
} from './totp.ts';

/** The RFC test key: ASCII "12345678901234567890". */
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');
const RFC_KEY_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 4226 / RFC 6238)', () => {
  it('HOTP matches the RFC 4226 appendix D values', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, counter) => hotp(RFC_KEY, counter))).toEqual(expected);
  });

  it('TOTP-SHA1 matches the RFC 6238 appendix B values (8 digits)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) {
      expect(totpCode(RFC_KEY_BASE32, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
    }
  });

  it('base32 round-trips and reads the RFC key as apps print it', () => {
    expect(base32Encode(RFC_KEY)).toBe(RFC_KEY_BASE32);
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(RFC_KEY);
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(() => base32Decode('ABC1')).toThrow(/base32/);
  });

  it('accepts the current step and the one before, nothing else', () => {
    const at = new Date('2026-11-23T09:00:10Z');
    const now = totpStep(at);
    const codeAt = (step: number) => totpCode(RFC_KEY_BASE32, step);
    expect(matchTotpStep(RFC_KEY_BASE32, codeAt(now), at)).toBe(now);
    expect(matchTotpStep(RFC_KEY_BASE32, codeAt(now - 1), at)).toBe(now - 1);
    expect(matchTotpStep(RFC_KEY_BASE32, codeAt(now - 2), at)).toBeNull();
    expect(matchTotpStep(RFC_KEY_BASE32, codeAt(now + 1), at)).toBeNull();
    expect(matchTotpStep(RFC_KEY_BASE32, '12345', at)).toBeNull();
    expect(matchTotpStep(RFC_KEY_BASE32, '12345a', at)).toBeNull();
  });

  it('builds the otpauth URI authenticator apps read', () => {
    const uri = otpauthUri({ issuer: '一网 Yiwang', accountName: 'window', secretBase32: RFC_KEY_BASE32 });
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.host).toBe('totp');
    expect(decodeURIComponent(parsed.pathname)).toBe('/一网 Yiwang:window');
    expect(parsed.searchParams.get('secret')).toBe(RFC_KEY_BASE32);
    expect(parsed.searchParams.get('issuer')).toBe('一网 Yiwang');
    expect(parsed.searchParams.get('digits')).toBe('6');
    expect(parsed.searchParams.get('period')).toBe('30');
  });
});
