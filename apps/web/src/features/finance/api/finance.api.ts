import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export const PRODUCT_CATEGORIES = ['projectLoan', 'workingCapital', 'greenCredit', 'techCredit', 'other'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

/** A bank's loan product (金额 in 万元). */
export interface LoanProduct {
  id: string;
  bankName: string;
  name: string;
  category: ProductCategory;
  minAmount: number;
  maxAmount: number;
  maxTermMonths: number;
  rateText: string;
  industries: string[];
  description: string;
  status: 'active' | 'withdrawn';
  createdAt: string;
}

export interface ProductInput {
  name: string;
  minAmount: number;
  maxAmount: number;
  maxTermMonths: number;
  rateText: string;
  industries: string[];
  description: string;
}

export interface Offer {
  id: string;
  bankName: string;
  productName: string | null;
  amount: number;
  termMonths: number;
  rateText: string;
  message: string;
  status: 'offered' | 'accepted' | 'declined';
  createdAt: string;
  decidedAt: string | null;
}

export interface FinancingNeed {
  id: string;
  projectId: string;
  amount: number;
  termMonths: number;
  purpose: string;
  status: 'open' | 'matched' | 'closed';
  consentAt: string;
  createdAt: string;
  offers: Offer[];
}

/** An open need as a bank sees it, with what the unit consented to share. */
export interface NeedForBank {
  id: string;
  amount: number;
  termMonths: number;
  purpose: string;
  createdAt: string;
  project: {
    name: string;
    code: string | null;
    status: string;
    procedure: string | null;
    industryCode: string | null;
    totalInvestment: number | null;
    regionName: string;
    licences: { code: string; name: string }[];
    constructionStatus: string | null;
    percentComplete: number | null;
  };
  myOffer: { id: string; status: string; amount: number } | null;
}

const financeKey = ['finance'] as const;

export function useProducts(industry?: string | null) {
  return useQuery({
    queryKey: [...financeKey, 'products', industry ?? null],
    queryFn: ({ signal }) =>
      api.get<{ items: LoanProduct[] }>('/finance/products', industry ? { industry } : undefined, signal),
    select: (data) => data.items,
    retry: false,
  });
}

export function useMyProducts() {
  return useQuery({
    queryKey: [...financeKey, 'products', 'mine'],
    queryFn: ({ signal }) => api.get<{ items: LoanProduct[] }>('/finance/products/mine', undefined, signal),
    select: (data) => data.items,
    retry: false,
  });
}

function useFinanceMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void queryClient.invalidateQueries({ queryKey: financeKey }) });
}

export const usePublishProduct = () =>
  useFinanceMutation((input: ProductInput) => api.post<LoanProduct>('/finance/products', input));
export const useWithdrawProduct = () =>
  useFinanceMutation((id: string) => api.post<LoanProduct>(`/finance/products/${encodeURIComponent(id)}/withdraw`));

export function useNeedsForBank(query: { page: number; pageSize: number; industry?: string | undefined }) {
  return useQuery({
    queryKey: [...financeKey, 'needs', query],
    queryFn: ({ signal }) =>
      api.get<{ items: NeedForBank[]; total: number }>(
        '/finance/needs',
        { page: query.page, pageSize: query.pageSize, industry: query.industry },
        signal,
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export const useMakeOffer = () =>
  useFinanceMutation(
    (input: {
      needId: string;
      productId?: string;
      amount: number;
      termMonths: number;
      rateText: string;
      message: string;
    }) => {
      const { needId, ...body } = input;
      return api.post<{ id: string }>(`/finance/needs/${encodeURIComponent(needId)}/offers`, body);
    },
  );

const needsKey = (projectId: string) => [...financeKey, 'project', projectId] as const;

export function useProjectNeeds(projectId: string) {
  return useQuery({
    queryKey: needsKey(projectId),
    queryFn: ({ signal }) =>
      api.get<{ items: FinancingNeed[] }>(
        `/projects/${encodeURIComponent(projectId)}/financing-needs`,
        undefined,
        signal,
      ),
    select: (data) => data.items,
    retry: false,
  });
}

/** The changes of a project's needs answer the needs as they now stand. */
function useNeedsMutation<I>(projectId: string, fn: (input: I) => Promise<{ items: FinancingNeed[] }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => queryClient.setQueryData(needsKey(projectId), data),
  });
}

export const usePublishNeed = (projectId: string) =>
  useNeedsMutation(projectId, (input: { amount: number; termMonths: number; purpose: string; consent: boolean }) =>
    api.post<{ items: FinancingNeed[] }>(`/projects/${encodeURIComponent(projectId)}/financing-needs`, input),
  );
export const useCloseNeed = (projectId: string) =>
  useNeedsMutation(projectId, (needId: string) =>
    api.post<{ items: FinancingNeed[] }>(`/financing-needs/${encodeURIComponent(needId)}/close`),
  );
export const useDecideOffer = (projectId: string) =>
  useNeedsMutation(projectId, (input: { offerId: string; decision: 'accept' | 'decline' }) =>
    api.post<{ items: FinancingNeed[] }>(`/financing-offers/${encodeURIComponent(input.offerId)}/${input.decision}`),
  );

/** One of the bank's offers (我的意向); the unit is named once it accepted. */
export interface BankOffer {
  id: string;
  amount: number;
  termMonths: number;
  rateText: string;
  status: Offer['status'];
  createdAt: string;
  decidedAt: string | null;
  need: { amount: number; status: FinancingNeed['status'] };
  project: { name: string; code: string | null };
  enterprise: { name: string; contactName: string | null } | null;
}

export function useMyOffers() {
  return useQuery({
    queryKey: [...financeKey, 'offers', 'mine'],
    queryFn: ({ signal }) => api.get<{ items: BankOffer[] }>('/finance/offers/mine', undefined, signal),
    select: (data) => data.items,
    retry: false,
  });
}
