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
  secondFactorEnrolled: boolean;
  /** The password must be changed before anything else (expired, or the initial one an administrator set). */
  passwordChangeDue: boolean;
  /** When the password expires; null when passwords do not expire. */
  passwordExpiresAt: string | null;
}

export interface LoginInput {
  username: string;
  password: string;
}

interface SessionResponse {
  token: string;
  expiresAt: string;
  user: Me;
}

/** A key to put into the authenticator app: scanned from the QR code, or typed. */
export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** The password was right; the sign-in (or the setup) now needs a code — first an enrolment when `enrol`. */
export interface SecondFactorChallenge {
  secondFactor: 'totp' | 'enrol';
  challenge: string;
  challengeExpiresAt: string;
  enrolment?: TotpEnrolment;
}

type LoginResponse = SessionResponse | SecondFactorChallenge;

export function isChallenge(response: LoginResponse): response is SecondFactorChallenge {
  return 'challenge' in response;
}

export interface SecondFactorStatus {
  enrolled: boolean;
  enrolledAt: string | null;
  /** The security policy requires a factor of this account: it cannot remove it. */
  required: boolean;
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
      if (isChallenge(data)) return;
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, data.user);
    },
  });
}

/** Sign-in, step two: the code from the authenticator (which, for `enrol`, also binds the new key). */
export function useCompleteSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { challenge: string; code: string }) =>
      apiRequest<SessionResponse>('/auth/login/second-factor', {
        method: 'POST',
        body: input,
        skipUnauthorizedHandler: true,
      }),
    onSuccess: (data) => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, data.user);
    },
  });
}

const secondFactorKey = ['auth', 'second-factor'] as const;

export function useSecondFactorStatus() {
  return useQuery({
    queryKey: secondFactorKey,
    queryFn: ({ signal }) => api.get<SecondFactorStatus>('/auth/second-factor', undefined, signal),
  });
}

/** 账户安全 → 绑定, step one: the password again, for a new key. */
export function useStartSecondFactorSetup() {
  return useMutation({
    mutationFn: (input: { currentPassword: string }) =>
      api.post<SecondFactorChallenge>('/auth/second-factor/setup', input),
  });
}

function useSecondFactorChange(path: 'confirm' | 'remove') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { challenge: string; code: string } | { currentPassword: string; code: string }) =>
      api.post<SecondFactorStatus>(`/auth/second-factor/${path}`, input),
    onSuccess: (status) => {
      queryClient.setQueryData(secondFactorKey, status);
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

/** 账户安全 → 绑定, step two: the first code binds the key. */
export const useConfirmSecondFactorSetup = () => useSecondFactorChange('confirm');
/** 账户安全 → 解除 (where the policy allows): the password and a code. */
export const useRemoveSecondFactor = () => useSecondFactorChange('remove');

/** 账户安全 → 修改密码: the server ends the account's other sessions; the profile's expiry moves. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: boolean }>('/auth/password', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
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

/** One place the account is signed in (GET /api/auth/sessions). */
export interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

const sessionsKey = ['auth', 'sessions'] as const;

export function useOwnSessions() {
  return useQuery({
    queryKey: sessionsKey,
    queryFn: ({ signal }) => api.get<{ items: SessionItem[] }>('/auth/sessions', undefined, signal),
  });
}

/** Signs one session out (`id`), or every other one (`others`). */
export function useRevokeSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (target: { id: string } | 'others'): Promise<void> => {
      if (target === 'others') await api.post<{ ended: number }>('/auth/sessions/revoke-others');
      else await api.post<{ ok: boolean }>(`/auth/sessions/${encodeURIComponent(target.id)}/revoke`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
