import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';
import type { Role } from '../../../app/auth/roles.ts';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentSteps: string[];
  regionCode: string;
  regionName: string;
  departmentId: string | null;
  departmentName: string | null;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  /** A TOTP authenticator is bound (the security admin can reset it). */
  secondFactorEnrolled: boolean;
  /** The last completed sign-in; null when never. */
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UsersQuery {
  page: number;
  pageSize: number;
  q: string;
  role: Role | undefined;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  regionCode: string;
  departmentId?: string;
  departmentSteps?: string[];
}

/** The security admin's row actions; `second-factor/reset` removes a lost authenticator, `sessions/revoke` 强制下线. */
export type UserAction = 'unlock' | 'disable' | 'enable' | 'second-factor/reset' | 'sessions/revoke';

const usersKey = ['users'] as const;

export function useUsers(query: UsersQuery) {
  return useQuery({
    queryKey: [...usersKey, query],
    queryFn: ({ signal }) =>
      api.get<{ items: UserRow[]; total: number }>(
        '/users',
        { page: query.page, pageSize: query.pageSize, q: query.q.trim(), role: query.role },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => api.post<UserRow>('/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUserAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: UserAction }) =>
      api.post<UserRow>(`/users/${encodeURIComponent(id)}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** Locked means a lockout that has not yet run out; the server clears it by time or by 解锁. */
export function isLocked(user: Pick<UserRow, 'lockedUntil'>, now = Date.now()): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;
}
