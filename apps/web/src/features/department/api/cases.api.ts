import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';
import type {
  CaseDetail,
  CaseListItem,
  CaseView,
  ConsultationView,
  SpecialProcedureKind,
  TransferCandidate,
} from './cases.types.ts';

export const caseKey = (id: string) => ['cases', 'one', id] as const;

/**
 * GET /api/cases: a department's totals are exact; a supervisor's region is counted up to 10,000, with
 * `totalIsLowerBound` beyond (no page lists a supervisor's cases yet).
 */
export function useCases(query: { view: CaseView; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: ({ signal }) =>
      api.get<{ items: CaseListItem[]; total: number; totalIsLowerBound: boolean }>('/cases', { ...query }, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: caseKey(id ?? ''),
    queryFn: ({ signal }) => api.get<CaseDetail>(`/cases/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: Boolean(id),
    retry: false,
  });
}

/**
 * After a case action: the inboxes, the other cases (a decision moves its dependants) and the applicant-side views are
 * refreshed. The case actions answer with the case's new view (`answersWithCase`): it goes straight into the cache, so
 * the detail page shows it without asking the server for it a second time.
 */
function useCaseMutation<I, R>(run: (input: I) => Promise<R>, answersWithCase = false) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (result) => {
      const detail = answersWithCase ? (result as CaseDetail) : null;
      if (detail) queryClient.setQueryData(caseKey(detail.id), detail);
      void queryClient.invalidateQueries({
        queryKey: ['cases'],
        predicate: (query) => !detail || query.queryKey.join('/') !== caseKey(detail.id).join('/'),
      });
      void queryClient.invalidateQueries({ queryKey: ['supervision'] });
      void queryClient.invalidateQueries({ queryKey: ['applications'] });
    },
  });
}

const path = (id: string, tail: string) => `/cases/${encodeURIComponent(id)}/${tail}`;

export type CaseActionInput =
  | { action: 'advance' | 'sign'; opinion: string }
  | { action: 'return'; toStep: string; opinion: string }
  | { action: 'decision'; decision: 'approved' | 'denied'; opinion: string }
  | { action: 'extension'; workingDays: number; reason: string }
  | { action: 'specialStart'; kind: SpecialProcedureKind; reason: string; expectedWorkingDays: number }
  | { action: 'specialEnd'; procedureId: string; result: string };

export function useCaseAction(id: string) {
  return useCaseMutation((input: CaseActionInput): Promise<CaseDetail> => {
    switch (input.action) {
      case 'advance':
      case 'sign':
        return api.post<CaseDetail>(path(id, input.action), { opinion: input.opinion });
      case 'return':
        return api.post<CaseDetail>(path(id, 'return'), { toStep: input.toStep, opinion: input.opinion });
      case 'decision':
        return api.post<CaseDetail>(path(id, 'decision'), { decision: input.decision, opinion: input.opinion });
      case 'extension':
        return api.post<CaseDetail>(path(id, 'extension'), { workingDays: input.workingDays, reason: input.reason });
      case 'specialStart':
        return api.post<CaseDetail>(path(id, 'special-procedures'), {
          kind: input.kind,
          reason: input.reason,
          expectedWorkingDays: input.expectedWorkingDays,
        });
      case 'specialEnd':
        return api.post<CaseDetail>(path(id, `special-procedures/${encodeURIComponent(input.procedureId)}/end`), {
          result: input.result,
        });
    }
  }, true);
}

export function useUrgeCase(id: string) {
  return useCaseMutation((input: { message: string }) => api.post<CaseDetail>(path(id, 'urge'), input), true);
}

/** 转办/委派 candidates; only asked when the server allows `transfer` (it answers 403 to anyone else). */
export function useTransferCandidates(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['cases', 'transfer-candidates', id],
    queryFn: ({ signal }) =>
      api.get<{ items: TransferCandidate[] }>(path(id, 'transfer-candidates'), undefined, signal),
    select: (data) => data.items,
    enabled,
    retry: false,
  });
}

export function useTransferCase(id: string) {
  return useCaseMutation(
    (input: { assigneeId: string; opinion: string }) => api.post<CaseDetail>(path(id, 'transfer'), input),
    true,
  );
}

export function useRequestConsultation(id: string) {
  return useCaseMutation((input: { departmentId: string; question: string }) =>
    api.post<ConsultationView>(path(id, 'consultations'), input),
  );
}

export const incomingConsultationsKey = ['cases', 'consultations', 'incoming'] as const;

/** 征求意见待复: consultations addressed to my department (answered ones too, newest first as the server sends them). */
export function useIncomingConsultations(enabled = true) {
  return useQuery({
    queryKey: incomingConsultationsKey,
    queryFn: ({ signal }) => api.get<{ items: ConsultationView[] }>('/consultations', { view: 'incoming' }, signal),
    select: (data) => data.items,
    enabled,
    retry: false,
  });
}

export function useReplyConsultation() {
  return useCaseMutation((input: { id: string; reply: string }) =>
    api.post<ConsultationView>(`/consultations/${encodeURIComponent(input.id)}/reply`, { reply: input.reply }),
  );
}
