import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export const VERIFICATION_STATUSES = ['open', 'passed', 'failed'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
export const VERIFICATION_METHODS = ['document', 'online', 'onSite', 'publicity'] as const;

/** A row of GET /api/verification-tasks: one committed material of a 告知承诺 acceptance to check afterwards. */
export interface VerificationTask {
  id: string;
  applicationId: string;
  caseId: string | null;
  caseNumber: string | null;
  matterCode: string | null;
  matterName: string | null;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  materialCode: string;
  method: string;
  dueOn: string;
  status: VerificationStatus;
  result: string | null;
  checkedAt: string | null;
}

const verificationKey = ['verification-tasks'] as const;

/** Department: its own cases' tasks; supervisor: the region subtree's. */
export function useVerificationTasks(status: VerificationStatus) {
  return useQuery({
    queryKey: [...verificationKey, status],
    queryFn: ({ signal }) => api.get<{ items: VerificationTask[] }>('/verification-tasks', { status }, signal),
    select: (data) => data.items,
    retry: false,
  });
}

/** 完成核查; a failed check revokes the licence issued on the commitment (国办发〔2020〕42号). */
export function useCompleteVerification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; passed: boolean; result: string }) =>
      api.post<VerificationTask>(`/verification-tasks/${encodeURIComponent(input.id)}/complete`, {
        passed: input.passed,
        result: input.result,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: verificationKey });
      void queryClient.invalidateQueries({ queryKey: ['licences'] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
