import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export const SERVICE_TYPES = [
  'eia',
  'energy',
  'surveying',
  'soilConservation',
  'safety',
  'costConsulting',
  'design',
  'supervision',
  'feasibility',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface IntermediaryService {
  id: string;
  agencyName: string;
  serviceType: ServiceType;
  name: string;
  description: string;
  priceText: string;
  promisedDays: number;
  status: 'active' | 'withdrawn';
  averageRating: number | null;
  ratedCount: number;
  createdAt: string;
}

export interface Engagement {
  id: string;
  projectId: string;
  projectName: string;
  projectCode: string | null;
  serviceName: string;
  serviceType: ServiceType;
  promisedDays: number;
  agencyName: string;
  note: string;
  status: 'requested' | 'accepted' | 'declined' | 'completed';
  agencyNote: string | null;
  requestedAt: string;
  respondedAt: string | null;
  completedAt: string | null;
  rating: number | null;
  review: string | null;
}

const key = ['intermediary'] as const;
type Items<T> = { items: T[] };

function useList<T>(path: string, subKey: readonly unknown[], params?: Record<string, string | undefined>) {
  return useQuery({
    queryKey: [...key, ...subKey],
    queryFn: ({ signal }) => api.get<Items<T>>(path, params, signal),
    select: (data) => data.items,
    retry: false,
  });
}

function useIntermediaryMutation<I>(fn: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }) });
}

export const useServices = (type?: ServiceType) =>
  useList<IntermediaryService>('/intermediary/services', ['services', type ?? null], type ? { type } : undefined);
export const useMyServices = () => useList<IntermediaryService>('/intermediary/services/mine', ['services', 'mine']);
export const useAgencyEngagements = () => useList<Engagement>('/intermediary/engagements', ['engagements']);
export const useProjectEngagements = (projectId: string) =>
  useList<Engagement>(`/projects/${encodeURIComponent(projectId)}/intermediary-engagements`, ['project', projectId]);

export const usePublishService = () =>
  useIntermediaryMutation(
    (input: { serviceType: ServiceType; name: string; description: string; priceText: string; promisedDays: number }) =>
      api.post('/intermediary/services', input),
  );
export const useWithdrawService = () =>
  useIntermediaryMutation((id: string) => api.post(`/intermediary/services/${encodeURIComponent(id)}/withdraw`));
export const useRespond = () =>
  useIntermediaryMutation((input: { id: string; step: 'accept' | 'decline' | 'complete'; note: string }) =>
    api.post(`/intermediary-engagements/${encodeURIComponent(input.id)}/${input.step}`, { note: input.note }),
  );
export const useEngage = (projectId: string) =>
  useIntermediaryMutation((input: { serviceId: string; note: string }) =>
    api.post(`/projects/${encodeURIComponent(projectId)}/intermediary-engagements`, input),
  );
export const useRate = () =>
  useIntermediaryMutation((input: { id: string; rating: number; review: string }) =>
    api.post(`/intermediary-engagements/${encodeURIComponent(input.id)}/rating`, {
      rating: input.rating,
      review: input.review,
    }),
  );
