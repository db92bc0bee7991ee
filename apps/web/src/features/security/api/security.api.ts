import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export interface SecurityPolicy {
  passwordMinLength: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  staffSecondFactor: 'required' | 'optional';
  passwordMaxAgeDays: number;
  passwordInitialMustChange: boolean;
  passwordHistoryCount: number;
  accountInactiveDays: number;
}

export function useSecurityPolicy() {
  return useQuery({
    queryKey: ['security', 'policy'],
    queryFn: ({ signal }) => api.get<SecurityPolicy>('/security/policy', undefined, signal),
  });
}
