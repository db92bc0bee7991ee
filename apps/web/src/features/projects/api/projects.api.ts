import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiBlob, downloadCsv, saveBlob } from '../../../app/api/http.ts';

export const PROCEDURES = ['approval', 'ratification', 'filing'] as const;
export type Procedure = (typeof PROCEDURES)[number];
export const PROJECT_STATUSES = ['draft', 'coded', 'filed', 'voided'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
/** Project type `TT` of the code: 01 基本建设 / 02 技术改造 / 03 单纯购置 / 04 信息化 / 05 其他. */
export const PROJECT_TYPES = ['01', '02', '03', '04', '05'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];
export const INVESTMENT_NATURES = ['government', 'enterprise'] as const;
export type InvestmentNature = (typeof INVESTMENT_NATURES)[number];
export const PROJECT_FLAGS = ['provincialKey', 'municipalKey', 'ppp', 'privateInvestmentPromotion'] as const;
export type ProjectFlag = (typeof PROJECT_FLAGS)[number];
export const FUND_SOURCE_KINDS = ['fiscal', 'selfRaised', 'bankLoan', 'other'] as const;
export type FundSourceKind = (typeof FUND_SOURCE_KINDS)[number];

/** GB/T 4754-2017: 门类 letter A–T + 2–4 digits (大类/中类/小类), e.g. E4710. */
export const INDUSTRY_CODE_RE = /^[A-T]\d{2,4}$/;

export interface FundSource {
  kind: FundSourceKind;
  /** 万元 */
  amount: number;
}

/** GET /api/projects/:id */
export interface Project {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  name: string;
  regionCode: string | null;
  regionName: string | null;
  address: string | null;
  scaleAndContent: string | null;
  /** 万元 */
  totalInvestment: number | null;
  fundSources: FundSource[];
  plannedStart: string | null;
  plannedEnd: string | null;
  industryCode: string | null;
  projectType: string | null;
  investmentNature: InvestmentNature | null;
  flags: string[];
  industrialPolicyStatement: boolean;
  procedure: Procedure | null;
  procedureReason: string | null;
  status: ProjectStatus;
  code: string | null;
  codedAt: string | null;
  filedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The body of POST /api/projects and PATCH /api/projects/:id (every item optional on a PATCH). */
export interface ProjectInput {
  name?: string;
  regionCode?: string;
  address?: string;
  scaleAndContent?: string;
  totalInvestment?: number;
  fundSources?: FundSource[];
  plannedStart?: string;
  plannedEnd?: string;
  industryCode?: string;
  projectType?: ProjectType;
  investmentNature?: InvestmentNature;
  flags?: ProjectFlag[];
  industrialPolicyStatement?: boolean;
  /** On create by an agent: the enterprise that authorised it. */
  enterpriseId?: string;
}

export interface ProcedureSuggestion {
  procedure: Procedure | null;
  reason: string;
  reasonEn: string;
}

export interface FieldChange {
  field: string;
  /** Server-side label (Chinese); the UI prefers its own dictionary for known fields. */
  label?: string;
  before: unknown;
  after: unknown;
}

export type ChangeStatus = 'applied' | 'pending' | 'rejected';

export interface ProjectChange {
  id: string;
  kind: string;
  status: ChangeStatus;
  reason: string;
  changes: FieldChange[];
}

export type HistoryKind = 'created' | 'submitted' | 'coded' | 'filed' | 'change' | 'void';

export interface HistoryItem {
  id: string;
  at: string;
  actorUsername: string | null;
  kind: HistoryKind | string;
  status?: string | null;
  reason?: string | null;
  changes?: FieldChange[];
}

/** A row of GET /api/projects/search (staff). */
export interface ProjectSearchRow {
  id: string;
  code: string | null;
  name: string;
  enterpriseName: string;
  regionCode: string | null;
  regionName: string | null;
  procedure: Procedure | null;
  status: ProjectStatus;
  totalInvestment: number | null;
  industryCode: string | null;
  flags: string[];
  createdAt: string;
  filedAt: string | null;
}

export const SEARCH_SORTS = ['createdAt', '-createdAt', 'totalInvestment', '-totalInvestment', 'name'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** GET /api/projects/search: `total` is exact up to 10,000; beyond, it is 10,000 with `totalIsLowerBound`. */
export interface ProjectSearchResult {
  items: ProjectSearchRow[];
  total: number;
  totalIsLowerBound?: boolean;
}

/** Results that can be paged through; the server answers 400 on `page` beyond (issue 6). */
export const SEARCH_WINDOW = 10_000;

export interface ProjectSearchQuery {
  q?: string;
  code?: string;
  regionCode?: string;
  industryCode?: string;
  procedure?: Procedure;
  status?: ProjectStatus;
  investmentMin?: number;
  investmentMax?: number;
  flag?: ProjectFlag;
  createdFrom?: string;
  createdTo?: string;
  page: number;
  pageSize: number;
  sort?: SearchSort;
}

const projectsKey = ['projects'] as const;
export const projectKey = (id: string) => [...projectsKey, 'one', id] as const;

export function useMyProjects(query: { page: number; pageSize: number; status?: ProjectStatus | undefined }) {
  return useQuery({
    queryKey: [...projectsKey, 'mine', query],
    queryFn: ({ signal }) =>
      api.get<{ items: Project[]; total: number; totalIsLowerBound: boolean }>(
        '/projects',
        { page: query.page, pageSize: query.pageSize, status: query.status },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useProject(id: string | undefined) {
  return useQuery({
    queryKey: projectKey(id ?? ''),
    queryFn: ({ signal }) => api.get<Project>(`/projects/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
  });
}

export function useProjectHistory(id: string, enabled = true) {
  return useQuery({
    queryKey: [...projectKey(id), 'history'],
    queryFn: ({ signal }) =>
      api.get<{ items: HistoryItem[] }>(`/projects/${encodeURIComponent(id)}/history`, undefined, signal),
    select: (data) => data.items,
    enabled,
    retry: false,
  });
}

export function useProcedureSuggestion(input: {
  investmentNature?: InvestmentNature | undefined;
  industryCode?: string;
}) {
  const industryCode = input.industryCode && INDUSTRY_CODE_RE.test(input.industryCode) ? input.industryCode : undefined;
  return useQuery({
    queryKey: ['procedure-suggestion', input.investmentNature ?? null, industryCode ?? null],
    queryFn: ({ signal }) =>
      api.get<ProcedureSuggestion>(
        '/projects/procedure-suggestion',
        { investmentNature: input.investmentNature, industryCode },
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

export function useProjectSearch(query: ProjectSearchQuery) {
  return useQuery({
    queryKey: [...projectsKey, 'search', query],
    queryFn: ({ signal }) =>
      api.get<ProjectSearchResult>(
        '/projects/search',
        { ...query, investmentMin: query.investmentMin, investmentMax: query.investmentMax },
        signal,
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSaveProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | undefined; input: ProjectInput }) =>
      id ? api.patch<Project>(`/projects/${encodeURIComponent(id)}`, input) : api.post<Project>('/projects', input),
    onSuccess: (project) => {
      queryClient.setQueryData(projectKey(project.id), project);
      void queryClient.invalidateQueries({ queryKey: [...projectsKey, 'mine'] });
    },
  });
}

export function useSubmitProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Project>(`/projects/${encodeURIComponent(id)}/submit`),
    onSuccess: (project) => {
      queryClient.setQueryData(projectKey(project.id), project);
      void queryClient.invalidateQueries({ queryKey: projectsKey });
    },
  });
}

export function useChangeProject(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { changes: Record<string, unknown>; reason: string }) =>
      api.post<{ project: Project; change: ProjectChange }>(`/projects/${encodeURIComponent(id)}/changes`, input),
    onSuccess: (result) => {
      queryClient.setQueryData(projectKey(id), result.project);
      void queryClient.invalidateQueries({ queryKey: projectsKey });
    },
  });
}

export function useVoidProject(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api.post<Project>(`/projects/${encodeURIComponent(id)}/void`, { reason }),
    onSuccess: (project) => {
      queryClient.setQueryData(projectKey(id), project);
      void queryClient.invalidateQueries({ queryKey: projectsKey });
    },
  });
}

/** Fetches the 备案证明 PDF (so a refusal shows the server's message) and hands it to the browser as a download. */
export async function downloadFilingCertificate(project: Pick<Project, 'id' | 'code'>): Promise<void> {
  const blob = await apiBlob(`/projects/${encodeURIComponent(project.id)}/filing-certificate.pdf`);
  saveBlob(blob, `备案证明-${project.code ?? project.id}.pdf`);
}

/**
 * 导出: the search's matches with these filters, in its order, as a CSV file for Excel (the first 10,000; the server
 * audits each export). Header and values in the page's language.
 */
export function downloadSearchExport(query: ProjectSearchQuery, language: 'zh-CN' | 'en') {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return downloadCsv('/projects/search/export', { ...filters, lang: language }, 'projects.csv');
}
