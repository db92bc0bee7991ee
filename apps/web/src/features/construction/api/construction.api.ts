import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, withQuery } from '../../../app/api/http.ts';

/** 开工 / 建设进度 / 停工 / 复工 / 竣工 (条例673 第十六条; 条例712 第二十七条). */
export const REPORT_KINDS = ['start', 'progress', 'suspension', 'resumption', 'completion'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const CONSTRUCTION_STATUSES = ['underConstruction', 'suspended', 'completed'] as const;
export type ConstructionStatus = (typeof CONSTRUCTION_STATUSES)[number];

/** A problem found when a report came in (体外循环 signals), in both languages from the server. */
export interface Finding {
  code: string;
  text: string;
  textEn: string;
}

export interface LabelledPeriod {
  start: string;
  end: string;
  label: string;
  labelEn: string;
}

export interface ConstructionReport {
  id: string;
  kind: ReportKind;
  occurredOn: string;
  period: LabelledPeriod | null;
  percentComplete: number | null;
  /** 万元 */
  investmentToDate: number | null;
  description: string;
  findings: Finding[];
  photos: { id: string; fileName: string }[];
  reportedByName: string;
  reportedAt: string;
}

export interface ReportingPeriod extends LabelledPeriod {
  dueOn: string;
  state: 'reported' | 'overdue' | 'due';
}

/** GET /api/projects/:id/construction */
export interface ProjectConstruction {
  projectId: string;
  status: ConstructionStatus | 'notStarted';
  startedOn: string | null;
  completedOn: string | null;
  percentComplete: number | null;
  investmentToDate: number | null;
  findings: Finding[];
  schedule: { interval: 'monthly' | 'quarterly' | 'annual'; dueDay: number };
  periods: ReportingPeriod[];
  overdueCount: number;
  allowedKinds: ReportKind[];
  canInspect: boolean;
  reports: ConstructionReport[];
  inspections: Inspection[];
}

export type InspectionMethod = 'onSite' | 'online';
export type InspectionResult = 'compliant' | 'issuesFound';

/** A supervisor's check (监管核查). */
export interface Inspection {
  id: string;
  inspectedOn: string;
  method: InspectionMethod;
  result: InspectionResult;
  opinion: string;
  rectificationDue: string | null;
  inspectorName: string;
  recordedAt: string;
}

export interface InspectionInput {
  inspectedOn: string;
  method: InspectionMethod;
  result: InspectionResult;
  opinion: string;
  rectificationDue?: string;
}

/** POST /api/projects/:id/construction/inspections (supervisors of the region). */
export function useRecordInspection(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InspectionInput) =>
      api.post<ProjectConstruction>(`/projects/${projectId}/construction/inspections`, input),
    onSuccess: (data) => {
      queryClient.setQueryData(key(projectId), data);
      void queryClient.invalidateQueries({ queryKey: ['supervision', 'construction'] });
    },
  });
}

export interface ReportInput {
  kind: ReportKind;
  occurredOn?: string;
  periodStart?: string;
  percentComplete?: number;
  investmentToDate?: number;
  description: string;
  photoIds?: string[];
}

/** At most this many photos per report (the server's MAX_PHOTOS). */
export const MAX_PHOTOS = 9;

/** PUT one site photo (PNG / JPEG, sniffed by the server) before the report that carries it is sent. */
export function uploadConstructionPhoto(projectId: string, file: File) {
  return apiRequest<{ id: string; fileName: string; sizeBytes: number; mediaType: string }>(
    withQuery(`/projects/${encodeURIComponent(projectId)}/construction/photos`, { fileName: file.name }),
    { method: 'PUT', file },
  );
}

/** The photo's address, opened by the browser with the session cookie. */
export const photoUrl = (id: string) => `/api/construction-photos/${encodeURIComponent(id)}`;

const key = (projectId: string) => ['projects', projectId, 'construction'] as const;

export function useProjectConstruction(projectId: string) {
  return useQuery({
    queryKey: key(projectId),
    queryFn: ({ signal }) => api.get<ProjectConstruction>(`/projects/${projectId}/construction`, undefined, signal),
    retry: false,
  });
}

/** POST /api/projects/:id/construction/reports — answers the project's construction as it now stands. */
export function useReportConstruction(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReportInput) =>
      api.post<ProjectConstruction>(`/projects/${projectId}/construction/reports`, input),
    onSuccess: (data) => {
      queryClient.setQueryData(key(projectId), data);
      void queryClient.invalidateQueries({ queryKey: ['supervision', 'construction'] });
    },
  });
}

export interface ConstructionListItem {
  projectId: string;
  projectName: string;
  projectCode: string | null;
  procedure: string | null;
  regionCode: string;
  regionName: string;
  status: ConstructionStatus;
  startedOn: string;
  completedOn: string | null;
  lastProgressPeriodEnd: string | null;
  percentComplete: number | null;
  investmentToDate: number | null;
  totalInvestment: number | null;
  overdue: boolean;
  lastInspectedOn: string | null;
  lastInspectionResult: InspectionResult | null;
  findings: Finding[];
  updatedAt: string;
}

export interface ConstructionList {
  asOf: string;
  pastDuePeriod: LabelledPeriod & { dueOn: string };
  counts: {
    total: number;
    underConstruction: number;
    suspended: number;
    completed: number;
    overdue: number;
    withFindings: number;
  };
  total: number;
  items: ConstructionListItem[];
}

export interface ConstructionListQuery {
  status?: ConstructionStatus | undefined;
  overdue?: boolean | undefined;
  withFindings?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** GET /api/supervision/construction — the region subtree's projects in construction. */
export function useSupervisionConstruction(query: ConstructionListQuery) {
  return useQuery({
    queryKey: ['supervision', 'construction', query],
    queryFn: ({ signal }) =>
      api.get<ConstructionList>(
        '/supervision/construction',
        {
          page: query.page,
          pageSize: query.pageSize,
          ...(query.status ? { status: query.status } : {}),
          ...(query.overdue ? { overdue: 'true' } : {}),
          ...(query.withFindings ? { withFindings: 'true' } : {}),
        },
        signal,
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
