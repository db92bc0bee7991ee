// STUB — owned by the licences helper, who replaces this file. Signatures per docs/design/approval-api.md.
import type { Db, Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/app-context.ts';

export async function issueLicenceForCase(
  _tx: Tx,
  _ctx: AppContext,
  _input: { caseId: string; decidedOn: string },
): Promise<{ id: string; number: string } | null> {
  throw new Error('not implemented');
}

export async function listHeldLicenceTypes(
  _db: Db | Tx,
  _projectId: string,
  _today: string,
): Promise<{ licenceType: string; licenceId: string; number: string }[]> {
  throw new Error('not implemented');
}

export async function revokeLicenceOfCase(
  _tx: Tx,
  _ctx: AppContext,
  _caseId: string,
  _reason: string,
  _actorId: string | null,
): Promise<void> {
  throw new Error('not implemented');
}
