import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../src/lib/accept-encoding.ts';

describe('acceptsGzip (RFC 9110 §12.5.3)', () => {
  it('accepts gzip as browsers list it, with q-values, as x-gzip, or through *', () => {
    for (const header of [
      'gzip, deflate, br, zstd',
      'gzip',
      'GZIP',
      'br;q=1.0, gzip;q=0.8, *;q=0.1',
      'x-gzip',
      '*',
      'identity, *;q=0.5',
      ['deflate', 'gzip'],
    ]) {
      expect(acceptsGzip(header), String(header)).toBe(true);
    }
  });

  it('refuses it when absent, refused with q=0 (even under *), or not listed', () => {
    for (const header of [undefined, '', 'identity', 'br, deflate', 'gzip;q=0', 'gzip; q=0.0, *', '*;q=0']) {
      expect(acceptsGzip(header), String(header)).toBe(false);
    }
  });
});
