import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, ApiError } from '../../../app/api/http.ts';
import type { Role } from '../../../app/auth/roles.ts';

/** The signed-in user, as GET /api/auth/me returns it. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** 'undertake' | 'review' | 'sign' (承办 / 审核 / 签发) */
  departmentSteps: string[];
  regionCode: string;
  regionName: string;
  departmentId: string | null;
  departmentName: string | null;
}

export interface LoginInput {
  username: string;
  password: string;
}

interface LoginResponse {
  token: string;
  expiresAt: string;
  user: Me;
}

export const meQueryKey = ['auth', 'me'] as const;

/** Undefined while loading; null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        // A 401 here just means "not signed in"; the route guard decides where to go.
        return await apiRequest<Me>('/auth/me', { signal, skipUnauthorizedHandler: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    // The token in the body is ignored on purpose: the HttpOnly cookie is the session.
    mutationFn: (input: LoginInput) =>
      apiRequest<LoginResponse>('/auth/login', { method: 'POST', body: input, skipUnauthorizedHandler: true }),
    onSuccess: (data) => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, data.user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: boolean }>('/auth/logout'),
    // Forget everything cached for this user, also when the session had already expired on the server.
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
