import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, downloadCsv } from '../../../app/api/http.ts';
import type { CaseListItem } from '../../department/api/cases.types.ts';

export type WarningLevel = 'yellow' | 'red';

/** 督办台账: the region's cases with this warning as a CSV file for Excel (the first 10,000; audited by the server). */
export function downloadWarnedCases(level: WarningLevel, language: 'zh-CN' | 'en') {
  return downloadCsv('/supervision/cases/export', { level, lang: language }, 'warned-cases.csv');
}

/** GET /api/supervision/cases — cases with a yellow or red warning in the supervisor's region subtree. */
export function useSupervisionCases(query: { level: WarningLevel; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['supervision', 'cases', query],
    queryFn: ({ signal }) =>
      api.get<{ items: CaseListItem[]; total: number }>('/supervision/cases', { ...query }, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export interface CaseFigures {
  open: number;
  suspended: number;
  yellow: number;
  red: number;
  approved: number;
  denied: number;
  decided: number;
  decidedOnTime: number;
  /** 0–1; null before any decision. */
  onTimeRate: number | null;
  urged: number;
}

export interface SupervisionFigures {
  totals: CaseFigures;
  departments: (CaseFigures & { departmentId: string; departmentName: string; regionCode: string })[];
}

/** GET /api/supervision/figures — 办件统计 per department of the region subtree, with the on-time rate. */
export function useSupervisionFigures() {
  return useQuery({
    queryKey: ['supervision', 'figures'],
    queryFn: ({ signal }) => api.get<SupervisionFigures>('/supervision/figures', {}, signal),
    refetchInterval: 60_000,
    retry: false,
  });
}

export interface DashboardCaseFigures {
  total: number;
  byStatus: { pending: number; inProgress: number; suspended: number; approved: number; denied: number };
  open: number;
  /** Open and past the deadline today. */
  overdue: number;
  /** Open, not overdue, at most `yellowWorkingDays` working days left today. */
  yellow: number;
  decided: number;
  decidedOnTime: number;
  onTimeRate: number | null;
  urged: number;
}

export interface DashboardProjectFigures {
  total: number;
  byStatus: { draft: number; coded: number; filed: number; voided: number };
  byProcedure: { approval: number; ratification: number; filing: number; undetermined: number };
}

export interface SupervisionDashboard {
  asOf: string;
  yellowWorkingDays: number;
  scope: { regionCode: string; regionName: string; departmentId: string | null };
  totals: DashboardCaseFigures;
  regions: (DashboardCaseFigures & { regionCode: string; regionName: string; own: boolean })[];
  departments: (DashboardCaseFigures & { departmentId: string; departmentName: string; regionCode: string })[];
  /** Departments with cases in scope (the full list's length); the list holds the worst ones when truncated. */
  departmentCount: number;
  departmentsTruncated: boolean;
  projects: DashboardProjectFigures & {
    regions: (DashboardProjectFigures & { regionCode: string; regionName: string; own: boolean })[];
  };
}

/** GET /api/supervision/dashboard — figures of the region subtree from the supervision aggregates (ADR 0006). */
export function useSupervisionDashboard() {
  return useQuery({
    queryKey: ['supervision', 'dashboard'],
    queryFn: ({ signal }) => api.get<SupervisionDashboard>('/supervision/dashboard', {}, signal),
    refetchInterval: 30_000,
    retry: false,
  });
}
