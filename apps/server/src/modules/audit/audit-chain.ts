import { canonicalJson } from '../../lib/canonical-json.ts';
import { sm3Hex } from '../../lib/crypto.ts';

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit row that the chain protects (everything but the hashes themselves). */
export interface ChainedAuditFields {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

/** A stored audit row's protected fields at chain position `seq` (what the sealer hashes and verification recomputes). */
export function chainedFieldsOf(
  row: Omit<ChainedAuditFields, 'seq' | 'occurredAt'> & { occurredAt: Date },
  seq: number,
): ChainedAuditFields {
  return {
    seq,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorUsername: row.actorUsername,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    ip: row.ip,
    before: row.before,
    after: row.after,
  };
}

/** hash = SM3(prev_hash ‖ "\n" ‖ canonical JSON of the row). Editing any field, or any earlier row, breaks it. */
export function computeAuditHash(prevHash: string, fields: ChainedAuditFields): string {
  return sm3Hex(`${prevHash}\n${canonicalJson(fields)}`);
}
