import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';
import type { CaseStatus } from '../../applications/api/applications.types.ts';

/** GET /api/public/project-codes/:code/progress — stages → matters; no personal data. */
export interface PublicProgress {
  projectCode: string;
  projectName: string;
  stages: {
    stageCode: string;
    stageName: string;
    status: string;
    cases: {
      matterName: string;
      departmentName: string;
      status: CaseStatus;
      currentStepName: string | null;
      deadline: string | null;
      decision: 'approved' | 'denied' | null;
      decidedOn: string | null;
      licenceNumber: string | null;
    }[];
  }[];
}

export function usePublicProgress(code: string | undefined) {
  return useQuery({
    queryKey: ['public', 'progress', code ?? ''],
    queryFn: ({ signal }) =>
      api.get<PublicProgress>(`/public/project-codes/${encodeURIComponent(code ?? '')}/progress`, undefined, signal),
    enabled: Boolean(code),
    retry: false,
  });
}
