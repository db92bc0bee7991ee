import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from './app-context.ts';

/**
 * Field-level encryption of personal data (个人信息保护法 art.51, 等保 8.1.4.8 重要数据保密性, 密评: 商用密码 SM4/SM3).
 *
 * - Ciphertext: SM4-CBC (GB/T 32907, Node's OpenSSL `sm4-cbc`) with a fresh random 16-byte IV per value, then an
 *   HMAC-SM3 tag over iv ‖ ciphertext (encrypt-then-MAC, so a tampered or swapped value is refused, not decrypted).
 *   Stored as `v1:` + base64(iv ‖ ciphertext ‖ tag).
 * - Blind index: HMAC-SM3 of the normalised value under a separate key, for equality lookup (e.g. by phone) without
 *   decrypting every row.
 * - Keys: one 256-bit master key from `DATA_ENCRYPTION_KEY` (64 hex digits; required in production; later a KMS/HSM
 *   adapter, 密评 annex B). In development and tests a key is generated under DATA_DIR/keys (like the audit signer).
 *   The SM4 key, the MAC key and the index key are derived from it with HMAC-SM3 and distinct labels.
 */
export interface FieldEncryptor {
  encrypt(plain: string): string;
  /** @throws Error if the token is malformed or its tag does not verify (tampered, or another key). */
  decrypt(token: string): string;
  blindIndex(value: string): string;
}

const VERSION = 'v1:';
const IV_BYTES = 16;
const TAG_BYTES = 32;

function derive(master: Buffer, label: string, bytes: number): Buffer {
  return crypto.createHmac('sm3', master).update(`yiwang/field-encryption/${label}`).digest().subarray(0, bytes);
}

export function createFieldEncryptor(masterKey: Buffer): FieldEncryptor {
  if (masterKey.length !== 32) throw new Error('the data encryption key must be 32 bytes (64 hex digits)');
  const encKey = derive(masterKey, 'sm4', 16);
  const macKey = derive(masterKey, 'mac', 32);
  const indexKey = derive(masterKey, 'blind-index', 32);
  const mac = (data: Buffer) => crypto.createHmac('sm3', macKey).update(data).digest();
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('sm4-cbc', encKey, iv);
      const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([body, mac(body)]).toString('base64');
    },
    decrypt(token) {
      if (!token.startsWith(VERSION)) throw new Error('unknown encrypted field version');
      const raw = Buffer.from(token.slice(VERSION.length), 'base64');
      if (raw.length < IV_BYTES + 16 + TAG_BYTES) throw new Error('encrypted field too short');
      const body = raw.subarray(0, raw.length - TAG_BYTES);
      const tag = raw.subarray(raw.length - TAG_BYTES);
      if (!crypto.timingSafeEqual(tag, mac(body))) throw new Error('encrypted field failed its integrity check');
      const decipher = crypto.createDecipheriv('sm4-cbc', encKey, body.subarray(0, IV_BYTES));
      return Buffer.concat([decipher.update(body.subarray(IV_BYTES)), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return crypto.createHmac('sm3', indexKey).update(value.trim()).digest('hex');
    },
  };
}

/**
 * Reads the master key: `DATA_ENCRYPTION_KEY` when set, else (not in production) a key generated once under
 * `keyDir/data-sm4.key` with mode 0600.
 */
export function loadDataEncryptionKey(options: {
  keyHex: string | undefined;
  keyDir: string;
  production: boolean;
}): Buffer {
  if (options.keyHex) {
    if (!/^[0-9a-fA-F]{64}$/.test(options.keyHex)) throw new Error('DATA_ENCRYPTION_KEY must be 64 hex digits');
    return Buffer.from(options.keyHex, 'hex');
  }
  if (options.production) throw new Error('DATA_ENCRYPTION_KEY is required in production');
  const file = path.join(options.keyDir, 'data-sm4.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  fs.mkdirSync(options.keyDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

const encryptors = new WeakMap<AppContext, FieldEncryptor>();

/**
 * The context's encryptor, created on first use. (The key is read from the environment here rather than from AppConfig
 * so this module could land without touching config/env.ts and the AppContext shape; the enterprises module calls this
 * at registration, so a missing production key still stops the server at boot.)
 */
export function fieldEncryptorFor(ctx: AppContext): FieldEncryptor {
  let encryptor = encryptors.get(ctx);
  if (!encryptor) {
    encryptor = createFieldEncryptor(
      loadDataEncryptionKey({
        keyHex: process.env.DATA_ENCRYPTION_KEY || undefined,
        keyDir: path.join(ctx.config.dataDir, 'keys'),
        production: ctx.config.nodeEnv === 'production',
      }),
    );
    encryptors.set(ctx, encryptor);
  }
  return encryptor;
}
