// STUB — owned by the cases helper, who replaces this file. Signatures per docs/design/approval-api.md.
import type { Catalogue } from '@yiwang/domain';
import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/app-context.ts';

export interface DispatchInput {
  application: {
    id: string;
    projectId: string;
    regionCode: string;
    catalogueVersion: string;
    stageCode: string;
    receiptNumber: string;
    acceptedOn: string;
    matterCodes: string[];
    decidedOnCommitmentMatters: string[];
  };
  catalogue: Catalogue;
  actorId: string | null;
}

export async function dispatchCases(
  _tx: Tx,
  _ctx: AppContext,
  _input: DispatchInput,
): Promise<{ id: string; matterCode: string; caseNumber: string; departmentId: string }[]> {
  throw new Error('not implemented');
}

export async function lapseCasesForTolerance(
  _tx: Tx,
  _ctx: AppContext,
  _applicationId: string,
  _matterCodes: string[],
  _reason: string,
): Promise<number> {
  throw new Error('not implemented');
}
