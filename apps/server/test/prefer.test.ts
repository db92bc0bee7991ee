import { describe, expect, it } from 'vitest';
import { prefersMinimal } from '../src/lib/prefer.ts';

/** `Prefer` header parsing (RFC 7240 §2): which requests skip the view of the changed resource (lib/prefer.ts). */
describe('Prefer: return=minimal', () => {
  it.each([
    ['return=minimal', true],
    ['Return=MINIMAL', true],
    ['return="minimal"', true],
    [' respond-async , return=minimal ; foo=bar', true],
    [['wait=10', 'return=minimal'], true],
    ['return=representation', false],
    ['return=representation, return=minimal', false], // the first statement of a preference counts
    ['return', false],
    ['returns=minimal', false],
    ['handling=lenient', false],
    ['', false],
    [undefined, false],
  ] as const)('%j → %s', (header, expected) => {
    expect(prefersMinimal(header as string | string[] | undefined)).toBe(expected);
  });
});
