// STUB — owned by the applications helper, who replaces this file. Signatures per docs/design/approval-api.md.
import type { Db, Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/app-context.ts';

export interface ApplicationSummary {
  id: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  enterpriseId: string;
  enterpriseName: string;
  enterpriseCreditCode: string;
  regionCode: string;
  stageCode: string;
  stageName: string;
  status: string;
  acceptanceMode: string | null;
  receiptNumber: string | null;
  acceptedOn: string | null;
  formData: Record<string, string | number | boolean | null>;
  /** Applicant-side user ids to notify (creator of the application and the enterprise's applicant accounts). */
  applicantUserIds: string[];
  materials: {
    materialCode: string;
    name: string;
    status: string;
    provision: string;
    matterCodes: string[];
    file: { projectMaterialId: string; fileName: string; sizeBytes: number; mediaType: string } | null;
  }[];
}

export async function markApplicationCompleted(_tx: Tx, _ctx: AppContext, _applicationId: string): Promise<void> {
  throw new Error('not implemented');
}

export async function getApplicationSummary(_db: Db | Tx, _applicationId: string): Promise<ApplicationSummary> {
  throw new Error('not implemented');
}
