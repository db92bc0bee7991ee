import type { ApplicationState, CaseState, ClockLine, CreditPrivileges, StageForm } from '@yiwang/domain';

/** A form value of the one stage form (一表申报). */
export type FormValue = string | number | boolean | null;
export type FormData = Record<string, FormValue>;

export type ApplicationStatus = ApplicationState;
export type AcceptanceMode = 'normal' | 'tolerance' | 'commitment';
export type MaterialProvisionView =
  'upload' | 'materialPackage' | 'licencePackage' | 'sameStageOutput' | 'commitment' | 'tolerated';
export type MaterialStatus = 'provided' | 'missing' | 'tolerated' | 'committed' | 'pending';

export interface MaterialFile {
  projectMaterialId: string;
  fileName: string;
  sizeBytes: number;
  mediaType: string;
  sha256?: string;
  uploadedAt?: string;
}

/** One material of the application, asked once whichever matters need it. */
export interface ApplicationMaterialView {
  materialCode: string;
  name: string;
  required: boolean;
  main: boolean;
  tolerable: boolean;
  commitmentText: string | null;
  matterCodes: string[];
  provision: MaterialProvisionView;
  status: MaterialStatus;
  file: MaterialFile | null;
  licence: { number: string } | null;
  committedAt: string | null;
}

export interface CorrectionItemView {
  materialCode: string | null;
  fieldCode: string | null;
  problem: 'missing' | 'invalid';
  reason: string;
}

/** 一次性补正告知书. */
export interface CorrectionNoticeView {
  id: string;
  items: CorrectionItemView[];
  issuedAt: string;
  issuedOn: string;
  supplementedAt: string | null;
  supplementedOn?: string | null;
}

export type ClockLevel = 'normal' | 'yellow' | 'red';
export type CaseStatus = CaseState;

/** One opinion on a case, shown to the applicant (no personal data). */
export interface CaseOpinion {
  kind?: string;
  /** Step code the opinion was given at. */
  step?: string | null;
  stepName?: string | null;
  opinion: string | null;
  departmentName?: string | null;
  at: string;
}

/** A case (办件) as the applicant tracks it. */
export interface CaseSummary {
  id: string;
  applicationId?: string;
  caseNumber: string;
  matterCode: string;
  matterName: string;
  departmentName: string;
  status: CaseStatus;
  currentStep: string;
  currentStepName: string;
  deadline: string | null;
  /** Not every view carries it (GET /api/projects/:id/cases does not); the level still shows the warning. */
  remainingWorkingDays?: number | null;
  level?: ClockLevel;
  clockRunning?: boolean;
  decisionOpinion?: string | null;
  decision: 'approved' | 'denied' | null;
  decidedOn: string | null;
  licenceNumber?: string | null;
  licence?: { number: string } | null;
  /** Opinions (办理意见), newest last. */
  opinions?: CaseOpinion[];
  stageName?: string;
}

export interface ApplicationDetail {
  id: string;
  projectId: string;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  stageCode: string;
  stageName: string;
  status: ApplicationStatus;
  acceptanceMode: AcceptanceMode | null;
  priority: boolean;
  facts: string[];
  formData: FormData;
  form: StageForm;
  materials: ApplicationMaterialView[];
  corrections: CorrectionNoticeView[];
  cases: CaseSummary[];
  submittedAt: string | null;
  submittedOn: string | null;
  correctionDueOn: string | null;
  acceptedOn: string | null;
  deemedAccepted: boolean;
  receiptNumber: string | null;
  rejectionReason: string | null;
  toleranceDueOn: string | null;
  completedAt: string | null;
  credit: CreditPrivileges | null;
}

export interface ApplicationListItem {
  id: string;
  stageCode: string;
  stageName: string;
  status: ApplicationStatus;
  receiptNumber: string | null;
  submittedOn: string | null;
  acceptedOn: string | null;
  matterCount?: number;
  createdAt?: string;
  acceptanceMode?: AcceptanceMode | null;
}

export type { ClockLine };
