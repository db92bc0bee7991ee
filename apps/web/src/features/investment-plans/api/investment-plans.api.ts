import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export const FUND_SOURCES = ['central', 'provincial', 'local', 'specialBond', 'other'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

export interface PlanSummary {
  id: string;
  regionCode: string;
  regionName: string;
  year: number;
  name: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
}

export interface PlanItem {
  id: string;
  projectId: string;
  projectName: string;
  projectCode: string | null;
  fundSource: FundSource;
  plannedAmount: number;
  paidAmount: number;
  executionRate: number | null;
  lastPaidOn: string | null;
  estimate: number | null;
  approvedBudget: number | null;
  budgetOverrun: boolean;
  note: string;
}

export interface Plan extends PlanSummary {
  canEdit: boolean;
  items: PlanItem[];
  totals: { planned: number; paid: number; executionRate: number | null };
  bySource: { fundSource: FundSource; planned: number; paid: number; executionRate: number | null }[];
}

const key = ['investment-plans'] as const;

export function usePlans() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: PlanSummary[] }>('/investment-plans', undefined, signal),
    select: (data) => data.items,
    retry: false,
  });
}

export function usePlan(id: string | null) {
  return useQuery({
    queryKey: [...key, id],
    queryFn: ({ signal }) => api.get<Plan>(`/investment-plans/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: id !== null,
    retry: false,
  });
}

/** Every change answers the plan as it now stands. */
function usePlanMutation<I>(fn: (input: I) => Promise<Plan>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (plan) => {
      queryClient.setQueryData([...key, plan.id], plan);
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
    },
  });
}

export const useCreatePlan = () =>
  usePlanMutation((input: { year: number; name: string }) => api.post<Plan>('/investment-plans', input));
export const useAddItem = (planId: string) =>
  usePlanMutation(
    (input: {
      projectCode: string;
      fundSource: FundSource;
      plannedAmount: number;
      approvedBudget?: number;
      note: string;
    }) => api.post<Plan>(`/investment-plans/${encodeURIComponent(planId)}/items`, input),
  );
export const usePublishPlan = () =>
  usePlanMutation((planId: string) => api.post<Plan>(`/investment-plans/${encodeURIComponent(planId)}/publish`));
export const useRecordPayment = () =>
  usePlanMutation((input: { itemId: string; paidOn: string; amount: number; note: string }) =>
    api.post<Plan>(`/investment-plan-items/${encodeURIComponent(input.itemId)}/disbursements`, {
      paidOn: input.paidOn,
      amount: input.amount,
      note: input.note,
    }),
  );
