import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export interface StageSummary {
  code: string;
  name: string;
  order: number;
  leadDepartmentKind: string;
  leadDepartmentName: string;
  matterCount: number;
}

export interface NamedRef {
  code: string;
  name: string;
}

export interface GuideMaterial {
  code: string;
  name: string;
  required: boolean;
  main: boolean;
  tolerable: boolean;
  commitmentText: string | null;
  satisfiedByLicenceType: string | null;
  satisfiedByLicenceName: string | null;
  sampleUrl: string | null;
  neededBy: NamedRef[];
}

export interface MatterGuide {
  code: string;
  name: string;
  stageCode: string;
  track: string;
  departmentKind: string;
  departmentName: string;
  legalBasis: { citation: string; confirmed: boolean }[];
  conditions: string[];
  appliesWhen: string[];
  limit: {
    promisedWorkingDays: number;
    statutoryWorkingDays: number | null;
    isConfirmed: boolean;
    note: string | null;
    clockStoppable: boolean;
  };
  fees: { name: string; amountYuan: number | null; basis: string }[];
  output: { licenceType: string; licenceName: string; validityMonths: number | null } | null;
  dependsOn: NamedRef[];
  steps: { name: string; kind: string; signMode: string }[];
  materialCodes: string[];
}

export interface StageGuide {
  catalogueVersion: string;
  stage: StageSummary;
  procedure: { step: number; name: string; description: string }[];
  promisedWorkingDays: number;
  matters: MatterGuide[];
  materials: GuideMaterial[];
}

export interface MatterGuideAnswer {
  catalogueVersion: string;
  stage: StageSummary | null;
  matter: MatterGuide;
  materials: GuideMaterial[];
}

export function useGuideStages() {
  return useQuery({
    queryKey: ['guides', 'stages'],
    queryFn: ({ signal }) =>
      api.get<{ catalogueVersion: string; items: StageSummary[] }>('/guides/stages', undefined, signal),
  });
}

export function useStageGuide(code: string | undefined) {
  return useQuery({
    queryKey: ['guides', 'stage', code],
    enabled: Boolean(code),
    queryFn: ({ signal }) => api.get<StageGuide>(`/guides/stages/${encodeURIComponent(code ?? '')}`, undefined, signal),
  });
}

export function useMatterGuide(code: string | undefined) {
  return useQuery({
    queryKey: ['guides', 'matter', code],
    enabled: Boolean(code),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      api.get<MatterGuideAnswer>(`/guides/matters/${encodeURIComponent(code ?? '')}`, undefined, signal),
  });
}
