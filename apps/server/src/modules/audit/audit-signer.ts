import fs from 'node:fs';
import path from 'node:path';
import { sm2 } from 'sm-crypto-v2';
import { canonicalJson } from '../../lib/canonical-json.ts';

/**
 * Signs audit checkpoints with SM2 (GB/T 32918, via sm-crypto-v2 — Node's own SM2 is not the standard signature).
 * Production takes the key from AUDIT_SIGNING_KEY (later: a KMS/HSM adapter, 密评 annex B); development generates one
 * under DATA_DIR/keys so a fresh `npm start` works with no setup.
 */
export interface AuditSigner {
  publicKey: string;
  sign(payload: CheckpointPayload): string;
  verify(payload: CheckpointPayload, signature: string, publicKey: string): boolean;
}

export interface CheckpointPayload {
  seq: number;
  hash: string;
  createdAt: string;
}

export function createAuditSigner(options: {
  privateKey?: string | undefined;
  keyDir?: string | undefined;
}): AuditSigner {
  const privateKey = options.privateKey ?? loadOrCreateDevKey(options.keyDir);
  const publicKey = sm2.getPublicKeyFromPrivateKey(privateKey);
  return {
    publicKey,
    sign: (payload) => sm2.doSignature(canonicalJson(payload), privateKey, { hash: true, der: false }),
    verify: (payload, signature, key) => {
      try {
        return sm2.doVerifySignature(canonicalJson(payload), signature, key, { hash: true, der: false });
      } catch {
        return false;
      }
    },
  };
}

function loadOrCreateDevKey(keyDir: string | undefined): string {
  if (!keyDir) return sm2.generateKeyPairHex().privateKey;
  const file = path.join(keyDir, 'audit-sm2.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const { privateKey } = sm2.generateKeyPairHex();
  fs.writeFileSync(file, privateKey, { mode: 0o600 });
  return privateKey;
}
