import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, apiRequest } from '../../../app/api/http.ts';
import type { Procedure, ProjectStatus } from '../../projects/api/projects.api.ts';

/** GET /api/public/project-codes/:code */
export interface CodeLookup {
  valid: boolean;
  format?: 'current' | 'legacy';
  reason?: string;
  reasonEn?: string;
  project?: {
    code: string;
    name: string;
    status: ProjectStatus;
    regionCode: string;
    regionName: string;
    procedure: Procedure;
    filedAt: string | null;
  };
}

export interface PublicFiling {
  code: string;
  name: string;
  enterpriseName: string;
  status: ProjectStatus;
  regionCode: string;
  regionName: string;
  procedure: Procedure;
  filedAt: string | null;
}

export interface RegisterEnterpriseInput {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  regionCode: string;
  address?: string;
  contactName: string;
  contactPhone: string;
  contactIdNumber: string;
  account: { username: string; password: string; displayName: string };
}

export interface RegisterEnterpriseResult {
  enterprise: { id: string; creditCode: string; name: string };
  account: { id: string; username: string; displayName: string };
}

export interface Enterprise {
  id: string;
  creditCode: string;
  name: string;
  legalRepresentative: string;
  regionCode: string;
  regionName: string;
  address: string | null;
  contactName: string;
  contactPhone: string;
  contactIdNumber: string;
  createdAt: string;
}

export function useCodeLookup(code: string | undefined) {
  return useQuery({
    queryKey: ['public', 'project-code', code ?? ''],
    queryFn: ({ signal }) =>
      api.get<CodeLookup>(`/public/project-codes/${encodeURIComponent(code ?? '')}`, undefined, signal),
    enabled: Boolean(code),
    retry: false,
  });
}

export function usePublicFilings(query: { page: number; pageSize: number; regionCode?: string | undefined }) {
  return useQuery({
    queryKey: ['public', 'filings', query],
    queryFn: ({ signal }) =>
      api.get<{ items: PublicFiling[]; total: number; totalIsLowerBound: boolean }>(
        '/public/filings',
        { ...query },
        signal,
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useRegisterEnterprise() {
  return useMutation({
    // Public: a 401 here cannot mean an expired session.
    mutationFn: (input: RegisterEnterpriseInput) =>
      apiRequest<RegisterEnterpriseResult>('/enterprises/register', {
        method: 'POST',
        body: input,
        skipUnauthorizedHandler: true,
      }),
  });
}

/** The signed-in applicant's enterprise (contact data masked); 404 when the account has none. */
export function useMyEnterprise(enabled = true) {
  return useQuery({
    queryKey: ['enterprises', 'me'],
    queryFn: ({ signal }) => api.get<Enterprise>('/enterprises/me', undefined, signal),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** The public QR mark of a code (SVG), as served by the server. */
export const qrSvgPath = (code: string) => `/public/project-codes/${encodeURIComponent(code)}/qr.svg`;
export const qrPngPath = (code: string) => `/public/project-codes/${encodeURIComponent(code)}/qr.png`;

export interface AgentEnterprise {
  id: string;
  creditCode: string;
  name: string;
  regionCode: string;
  regionName: string;
  authorisedAt: string;
}

/** The enterprises that authorised the signed-in agent (代办); a new project names one of them. */
export function useAgentEnterprises(enabled = true) {
  return useQuery({
    queryKey: ['agent', 'enterprises'],
    queryFn: ({ signal }) => api.get<{ items: AgentEnterprise[] }>('/agent/enterprises', undefined, signal),
    select: (data) => data.items,
    enabled,
    retry: false,
  });
}

/** One line of GET /api/public/performance: counts only. */
export interface PerformanceLine {
  decided: number;
  decidedOnTime: number;
  /** 0–1; null before any decision. */
  onTimeRate: number | null;
  open: number;
  overdue: number;
}

export interface DepartmentPerformance extends PerformanceLine {
  departmentName: string;
  regionCode: string;
  regionName: string;
}

export interface PublicPerformance {
  regionCode: string;
  regionName: string;
  totals: PerformanceLine;
  departments: DepartmentPerformance[];
}

/** 办件按时办结公示 of a region subtree (the whole deployment without one). */
export function usePublicPerformance(regionCode: string | undefined) {
  return useQuery({
    queryKey: ['public', 'performance', regionCode ?? null],
    queryFn: ({ signal }) => api.get<PublicPerformance>('/public/performance', { regionCode }, signal),
    placeholderData: keepPreviousData,
  });
}
