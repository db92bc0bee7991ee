import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, Tx } from '../../db/database.ts';
import type { IdempotentChange } from '../../db/schema/index.ts';
import { AppError } from '../../lib/app-error.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import type { Clock } from '../../lib/clock.ts';
import * as repo from './idempotency.repository.ts';

/**
 * `Idempotency-Key` (issue 6 §3). A client may send the header with any state-changing request (POST, PUT, PATCH,
 * DELETE) it makes as an authenticated actor; a retry with the same key then never repeats the change:
 *  - the key is claimed INSIDE the transaction of the change (runAuditedTransaction inserts its row first), so the change
 *    and the key commit together — a crash can lose both or keep both, never one without the other;
 *  - the response (status and JSON body) is recorded just before it leaves the server, and a retry gets it back with
 *    `Idempotency-Replayed: true`;
 *  - the same key with another method, URL or body answers 422 IDEMPOTENCY_KEY_REUSED;
 *  - a request that changed nothing (refused, invalid, failed and rolled back) binds no key: it may be retried freely.
 * Keys are per actor, at most 200 visible ASCII characters, and kept at least 24 h (purgeIdempotencyKeys).
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_REPLAYED_HEADER = 'idempotency-replayed';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;
export const IDEMPOTENCY_RETENTION_HOURS = 24;
export const IDEMPOTENT_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a retry waits for a committed duplicate's response to be recorded before answering 409 "in doubt". */
const RECORDED_RESPONSE_WAIT_MS = 3_000;

/** One request's key, carried by its AuditContext (auditContextOf) into runAuditedTransaction. */
export interface IdempotencyBinding {
  actorId: string;
  key: string;
  method: string;
  route: string;
  requestHash: string;
  /** Set once the transaction that claimed the key committed: the response is then recorded (onSend). */
  committed: boolean;
}

export interface RecordedResponse {
  statusCode: number;
  body: unknown;
  /** Of REPLAYED_HEADERS, those the answer had. */
  headers: Record<string, string>;
}

/**
 * The headers a retry gets back with the recorded answer: without them a replayed `Prefer: return=minimal` creation
 * (201, no body) would not say what it created. Other headers (content type, request id, rate limits) are the retry's own.
 */
export const REPLAYED_HEADERS = ['location', 'preference-applied'] as const;

/** Thrown instead of running a request whose key a committed request already holds: the error handler replays it. */
export class IdempotentReplay extends Error {
  constructor(readonly response: RecordedResponse) {
    super('idempotent replay');
    this.name = 'IdempotentReplay';
  }
}

/** Inside the transaction: another request committed this key first. Rolls the transaction back (nothing done yet). */
class KeyAlreadyClaimed extends Error {}

/** 400 unless the header is 1–200 visible ASCII characters (spaces allowed inside). */
export function parseIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header.join(', ') : header;
  const key = value.trim();
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !/^[\x20-\x7e]+$/.test(key)) {
    throw AppError.invalidField(
      'Idempotency-Key',
      `幂等键须为 1–${IDEMPOTENCY_KEY_MAX_LENGTH} 个可见 ASCII 字符`,
      `Idempotency-Key must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`,
    );
  }
  return key;
}

/**
 * SHA-256 over the method, the concrete URL (path parameters and query) and the body: the canonical JSON of a JSON
 * body, the bytes themselves of a raw one (a material's file, up to UPLOAD_MAX_BYTES). A Buffer must not go through
 * canonicalJson, which would list its bytes as an object's keys and sort them: 6 s of the event loop and 1.2 GB for a
 * 4 MB file, seen before this was mended.
 */
export function requestHashOf(method: string, url: string, body: unknown): string {
  const hash = crypto.createHash('sha256').update(`${method}\n${url}\n`);
  if (body instanceof Uint8Array) return hash.update('bytes\n').update(body).digest('hex');
  return hash.update(canonicalJson(body ?? null)).digest('hex');
}

function sameRequest(row: repo.IdempotencyKeyRow, binding: IdempotencyBinding): boolean {
  return row.method === binding.method && row.route === binding.route && row.requestHash === binding.requestHash;
}

/**
 * Before the handler: the recorded response when this key is already bound to a committed request, else null (run the
 * request). A committed row whose response is not recorded yet is waited for briefly; if it stays unrecorded (the
 * process stopped between commit and answer, so no client saw that answer) the retry gets 409 IDEMPOTENCY_KEY_IN_DOUBT —
 * the change happened once and is not repeated — with `changes`: what it changed, as its audit entries name it.
 */
export async function findRecordedResponse(db: Db, binding: IdempotencyBinding): Promise<RecordedResponse | null> {
  let row = await repo.findKey(db, binding.actorId, binding.key);
  if (!row) return null;
  const deadline = Date.now() + RECORDED_RESPONSE_WAIT_MS;
  for (;;) {
    if (!sameRequest(row, binding)) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (row.statusCode !== null) {
      return { statusCode: row.statusCode, body: row.responseBody, headers: row.responseHeaders ?? {} };
    }
    // What the committed request changed goes with the refusal, so the client can look it up (issue 6 §3).
    if (Date.now() >= deadline)
      throw new AppError('IDEMPOTENCY_KEY_IN_DOUBT', { extra: { changes: row.changes ?? [] } });
    await sleep(50);
    row = (await repo.findKey(db, binding.actorId, binding.key)) ?? row;
  }
}

/**
 * First statement of runAuditedTransaction: inserts the key row in the same transaction as the change. A concurrent
 * request with the same key blocks here on the primary key until the first one ends; if that one committed, this
 * transaction is abandoned and the first one's response is replayed (runWithIdempotencyKey).
 */
/** The most changes kept per key: an acceptance names its application and its cases, a bulk change could name more. */
const MAX_KEPT_CHANGES = 50;

/**
 * Last in the transaction that claimed the key, sent with its COMMIT: what it changed (its audit entries' actions and
 * targets), for the answer to a retry that finds the change committed but its answer never recorded. Null when the
 * transaction did not claim the key (no key, or a replay).
 */
export function keyChangesStatement(tx: Tx, binding: IdempotencyBinding | undefined, changes: IdempotentChange[]) {
  if (!binding || binding.committed) return null;
  return repo.keyChangesUpdate(tx, binding.actorId, binding.key, changes.slice(0, MAX_KEPT_CHANGES));
}

export async function claimIdempotencyKey(tx: Tx, binding: IdempotencyBinding | undefined, clock: Clock) {
  if (!binding || binding.committed) return;
  const claimed = await repo.claimKey(tx, {
    actorId: binding.actorId,
    key: binding.key,
    method: binding.method,
    route: binding.route,
    requestHash: binding.requestHash,
    createdAt: clock.now(),
  });
  if (!claimed) throw new KeyAlreadyClaimed();
}

/** Wraps one audited transaction: marks the key committed, or turns a lost claim race into a replay (or 422/409). */
export async function runWithIdempotencyKey<T>(
  db: Db,
  binding: IdempotencyBinding | undefined,
  transaction: () => Promise<T>,
): Promise<T> {
  if (!binding || binding.committed) return transaction();
  try {
    const result = await transaction();
    binding.committed = true;
    return result;
  } catch (error) {
    if (!(error instanceof KeyAlreadyClaimed)) throw error;
    // Outside the (rolled back) transaction: the embedded database has one connection, and the winner's response is
    // recorded through it.
    const recorded = await findRecordedResponse(db, binding);
    if (!recorded) throw new AppError('IDEMPOTENCY_KEY_IN_DOUBT');
    throw new IdempotentReplay(recorded);
  }
}

/** After the commit, just before the answer is sent: what a retry will get back. */
export async function recordIdempotentResponse(db: Db, binding: IdempotencyBinding, response: RecordedResponse) {
  await repo.recordResponse(db, binding.actorId, binding.key, {
    statusCode: response.statusCode,
    responseBody: response.body,
    responseHeaders: response.headers,
  });
}

/** Keys older than the retention (24 h) may go: a retry that late is a new request. Returns how many were deleted. */
export async function purgeIdempotencyKeys(db: Db, clock: Clock, retentionHours = IDEMPOTENCY_RETENTION_HOURS) {
  return repo.deleteKeysCreatedBefore(db, new Date(clock.now().getTime() - retentionHours * 3_600_000));
}
