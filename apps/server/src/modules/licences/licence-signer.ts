import fs from 'node:fs';
import path from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { canonicalLicenceData, LICENCE_RECORD_FIELDS, type LicenceRecord } from '@yiwang/domain';
import { sm3Hex } from '../../lib/crypto.ts';

/**
 * Signs e-licences (电子证照) with SM2 (GB/T 32918: SM3 digest of Z‖M with the default user ID, via sm-crypto-v2 — Node's
 * own "SM2" in OpenSSL is not usable for standard signatures, see docs/adr/0005-e-licence-signature.md). The signed
 * message is exactly the domain's canonical licence data (`canonicalLicenceData`), stored verbatim beside the signature
 * and the signer's public key, so anyone holding the row can verify it without trusting the other columns.
 *
 * Production takes the key from LICENCE_SIGNING_KEY (config refuses to start without it; later a KMS/HSM adapter, 密评);
 * development generates one under DATA_DIR/keys/licence-sm2.key so a fresh `npm start` works with no setup.
 */
export interface LicenceSigner {
  /** Uncompressed SM2 public key, hex (`04…`, 130 digits). */
  publicKey: string;
  /** Signs a record: returns the canonical text that was signed and the signature (r‖s, 128 hex digits). */
  sign(record: LicenceRecord): { canonical: string; signature: string };
  /**
   * Whether a licence signed under `publicKey` is the platform's: the current key, or a former one still listed
   * (LICENCE_TRUSTED_PUBLIC_KEYS — after a rotation, the licences signed before it keep verifying).
   */
  trusts(publicKey: string): boolean;
}

export const LICENCE_SIGNATURE_ALGORITHM = 'SM2/SM3 (GB/T 32918, GB/T 32905)';

/** SM2 with SM3 over Z‖M (`hash: true`), raw r‖s (not DER): the form the audit checkpoints use too. */
const SIGN_OPTIONS = { hash: true, der: false } as const;

export function createLicenceSigner(options: {
  privateKey?: string | undefined;
  keyDir?: string | undefined;
  /** Former public keys still trusted (uncompressed SM2, hex). */
  trustedPublicKeys?: readonly string[] | undefined;
}): LicenceSigner {
  const privateKey = options.privateKey ?? loadOrCreateDevKey(options.keyDir);
  const publicKey = sm2.getPublicKeyFromPrivateKey(privateKey);
  const trusted = new Set([publicKey, ...(options.trustedPublicKeys ?? [])].map((key) => key.toLowerCase()));
  return {
    publicKey,
    trusts: (key) => trusted.has(key.toLowerCase()),
    sign(record) {
      const canonical = canonicalLicenceData(record);
      return { canonical, signature: sm2.doSignature(canonical, privateKey, SIGN_OPTIONS) };
    },
  };
}

/** What a verifier is given: the stored signed text, its signature and the public key it claims. */
export interface StoredLicenceSignature {
  canonical: string;
  signature: string;
  publicKey: string;
}

export interface LicenceVerification {
  /** True only when the text is a well-formed canonical record AND the SM2 signature over it verifies. */
  signatureValid: boolean;
  /** The record parsed from the stored text, or null when the text is not a licence record at all. */
  record: LicenceRecord | null;
}

/**
 * Verifies a stored licence. The canonical text is parsed back into a record, and the record's canonical form is
 * recomputed: a text that is not exactly what `canonicalLicenceData` would produce (extra fields, reordered keys,
 * whitespace) is refused even before the signature is checked. Then the SM2 signature is verified over the text under the
 * stored public key. Any byte changed in the text, the signature or the key makes this false.
 */
export function verifyLicenceSignature(stored: StoredLicenceSignature): LicenceVerification {
  const record = parseLicenceRecord(stored.canonical);
  if (!record) return { signatureValid: false, record: null };
  let recomputed: string;
  try {
    recomputed = canonicalLicenceData(record);
  } catch {
    return { signatureValid: false, record: null };
  }
  if (recomputed !== stored.canonical) return { signatureValid: false, record };
  try {
    const signatureValid = sm2.doVerifySignature(stored.canonical, stored.signature, stored.publicKey, SIGN_OPTIONS);
    return { signatureValid, record };
  } catch {
    // A malformed key or signature (not hex, wrong length, not on the curve) is simply not a valid signature.
    return { signatureValid: false, record };
  }
}

/** The record in a stored canonical text, or null when it is not a JSON object with exactly the record's fields. */
export function parseLicenceRecord(canonical: string): LicenceRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(canonical);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const keys = Object.keys(parsed);
  if (keys.length !== LICENCE_RECORD_FIELDS.length || !LICENCE_RECORD_FIELDS.every((k) => keys.includes(k))) {
    return null;
  }
  return parsed as LicenceRecord;
}

/**
 * A short, readable fingerprint of a public key for the printed signature block: the first 16 hex digits of its SM3
 * digest in groups of four (e.g. `3F2A 9C01 …`), enough for a person to compare against the published key.
 */
export function publicKeyFingerprint(publicKey: string): string {
  return sm3Hex(publicKey.toLowerCase()).slice(0, 16).toUpperCase().match(/.{4}/g)?.join(' ') ?? '';
}

function loadOrCreateDevKey(keyDir: string | undefined): string {
  if (!keyDir) return sm2.generateKeyPairHex().privateKey;
  const file = path.join(keyDir, 'licence-sm2.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const { privateKey } = sm2.generateKeyPairHex();
  fs.writeFileSync(file, privateKey, { mode: 0o600 });
  return privateKey;
}
