import type { ClockState } from '@yiwang/domain';
import type { CaseStatus, ClockLevel, FormData } from '../../applications/api/applications.types.ts';

export const CASE_VIEWS = ['todo', 'department', 'done'] as const;
export type CaseView = (typeof CASE_VIEWS)[number];

export const SPECIAL_PROCEDURE_KINDS = [
  'expertReview',
  'hearing',
  'testing',
  'siteInspection',
  'publicity',
  'commissionedEvaluation',
] as const;
export type SpecialProcedureKind = (typeof SPECIAL_PROCEDURE_KINDS)[number];

/** A row of GET /api/cases and GET /api/supervision/cases. */
export interface CaseListItem {
  id: string;
  caseNumber: string;
  matterCode: string;
  matterName: string;
  projectCode: string;
  projectName: string;
  enterpriseName: string;
  departmentName: string;
  status: CaseStatus;
  currentStep: string;
  currentStepName: string;
  deadline: string | null;
  remainingWorkingDays: number | null;
  level: ClockLevel;
  clockRunning: boolean;
  urgeCount: number;
  decidedOn: string | null;
  decision: 'approved' | 'denied' | null;
}

export interface CaseStep {
  code: string;
  name: string;
  kind: 'undertake' | 'review' | 'issue';
  signMode: 'single' | 'countersign' | 'anySign';
  participants: string[];
}

export interface CaseActionView {
  kind: string;
  fromStep: string | null;
  toStep: string | null;
  opinion: string | null;
  actorName: string | null;
  departmentName: string | null;
  at: string;
}

export interface SpecialProcedureView {
  id: string;
  kind: SpecialProcedureKind;
  kindName?: string;
  reason: string;
  expectedWorkingDays: number;
  startedOn: string;
  endedOn: string | null;
  result: string | null;
}

export interface ConsultationView {
  id: string;
  caseId?: string;
  caseNumber?: string;
  matterName?: string;
  toDepartmentId?: string;
  toDepartmentName?: string | null;
  departmentName?: string | null;
  question: string;
  reply: string | null;
  requestedAt: string;
  repliedAt: string | null;
}

export interface SignatureView {
  stepCode: string;
  departmentKind: string;
  departmentName?: string | null;
  opinion: string | null;
  signedAt: string;
}

/** The application as the department sees it (ApplicationSummary of the contract). */
export interface CaseApplicationSummary {
  id: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  enterpriseName: string;
  enterpriseCreditCode: string;
  stageCode: string;
  stageName: string;
  status: string;
  acceptanceMode: string | null;
  receiptNumber: string | null;
  acceptedOn: string | null;
  formData: FormData;
  materials: {
    materialCode: string;
    name: string;
    status: string;
    provision: string;
    matterCodes: string[];
    file: { projectMaterialId: string; fileName: string; sizeBytes: number; mediaType: string } | null;
  }[];
}

export interface CaseDetail extends CaseListItem {
  steps: CaseStep[];
  dependsOn: string[];
  application: CaseApplicationSummary | null;
  clock: ClockState;
  actions: CaseActionView[];
  specialProcedures: SpecialProcedureView[];
  consultations: ConsultationView[];
  signatures: SignatureView[];
  licence: { number: string } | null;
  allowedActions: string[];
}

/** A colleague of GET /api/cases/:id/transfer-candidates (same department, holds the current step). */
export interface TransferCandidate {
  id: string;
  displayName: string;
}
