import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

/** One in-app notice (GET /api/notifications). */
export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

const notificationsKey = ['notifications'] as const;

export function useNotifications() {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: ({ signal }) =>
      api.get<{ items: NotificationView[]; unread: number }>('/notifications', undefined, signal),
    refetchInterval: 30_000,
    retry: false,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/notifications/read-all'),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
