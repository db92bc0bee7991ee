import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';
import { applicationKey } from '../../applications/api/applications.api.ts';
import type {
  AcceptanceMode,
  ApplicationDetail,
  ApplicationStatus,
} from '../../applications/api/applications.types.ts';

export const WINDOW_TABS = ['submitted', 'correctionRequested', 'accepted', 'rejected'] as const;
export type WindowTab = (typeof WINDOW_TABS)[number];

/** A row of GET /api/window/applications. */
export interface WindowInboxItem {
  id: string;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  stageName: string;
  status: ApplicationStatus;
  priority: boolean;
  submittedAt: string | null;
  /** Submitted: the day the window must send a 补正 notice by (else deemed accepted); 补正: as the server sets it. */
  correctionDueOn: string | null;
  /** Working days left for the 补正 notice (negative when overdue). */
  correctionWorkingDaysLeft: number | null;
  missingMaterialCount: number;
  matterCount: number;
  receiptNumber?: string | null;
}

export interface CorrectionItemInput {
  materialCode?: string;
  fieldCode?: string;
  problem: 'missing' | 'invalid';
  reason: string;
}

export function useWindowInbox(query: { status: WindowTab; q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['window', 'inbox', query],
    queryFn: ({ signal }) =>
      api.get<{ items: WindowInboxItem[]; total: number }>('/window/applications', { ...query }, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

function useWindowMutation<I>(id: string, run: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['window'] });
      void queryClient.invalidateQueries({ queryKey: applicationKey(id) });
    },
  });
}

export function useAcceptApplication(id: string) {
  return useWindowMutation(id, (input: { mode: AcceptanceMode; toleranceDueOn?: string; opinion?: string }) =>
    api.post<ApplicationDetail>(`/applications/${encodeURIComponent(id)}/accept`, input),
  );
}

export function useRequestCorrection(id: string) {
  return useWindowMutation(id, (input: { items: CorrectionItemInput[] }) =>
    api.post<unknown>(`/applications/${encodeURIComponent(id)}/corrections`, input),
  );
}

export function useRejectApplication(id: string) {
  return useWindowMutation(id, (input: { reason: string }) =>
    api.post<unknown>(`/applications/${encodeURIComponent(id)}/reject`, input),
  );
}
