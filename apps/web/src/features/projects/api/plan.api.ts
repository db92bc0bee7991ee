import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DepartmentKind, MatterTrack, PredictedDate } from '@yiwang/domain';
import { api } from '../../../app/api/http.ts';

/** One matter of GET /api/projects/:id/plan. */
export interface PlanMatterView {
  code: string;
  name: string;
  department: DepartmentKind;
  departmentName: string;
  track: MatterTrack;
  reasons: string[];
  reasonsEn: string[];
  limit: { promisedWorkingDays: number; statutoryWorkingDays: number | null; isConfirmed: boolean };
  dependsOn: string[];
  earliestStart: string | null;
  predictedFinish: string;
  provisional: boolean;
  status: 'done' | 'pending';
  isCritical: boolean;
}

export interface PlanStageView {
  code: string;
  name: string;
  order: number;
  leadDepartmentKind: DepartmentKind;
  leadDepartmentName: string;
  opensOn: string;
  closesOn: string;
  matters: PlanMatterView[];
}

export interface PlanMaterialView {
  code: string;
  name: string;
  required: boolean;
  main: boolean;
  tolerable: boolean;
  commitmentText: string | null;
  sampleUrl: string | null;
  neededBy: string[];
  satisfiedBy: 'materialPackage' | 'licencePackage' | null;
  issuedBy: string | null;
}

/** GET /api/projects/:id/plan — the server's ProjectPlan plus the project, the version id and the facts. */
export interface ProjectPlanView {
  projectId: string;
  catalogueVersion: string;
  catalogueVersionId: string;
  startDate: string;
  facts: { applied: string[]; available: { code: string; name: string; nameEn: string }[] };
  stages: PlanStageView[];
  materials: PlanMaterialView[];
  predictedFinish: { parallel: PredictedDate; serial: PredictedDate };
  criticalPath: string[];
}

export function useProjectPlan(projectId: string, start: string | undefined, facts: string[]) {
  const factsParam = [...facts].sort().join(',');
  return useQuery({
    queryKey: ['plan', projectId, start ?? '', factsParam],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: ({ signal }) =>
      api.get<ProjectPlanView>(`/projects/${projectId}/plan`, { start, facts: factsParam || undefined }, signal),
  });
}
