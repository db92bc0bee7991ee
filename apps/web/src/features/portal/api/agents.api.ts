import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

/** An agent account the signed-in applicant's enterprise authorised (代办, 帮我办). */
export interface AuthorisedAgent {
  agentId: string;
  username: string;
  displayName: string;
  authorisedAt: string;
}

const key = ['enterprises', 'me', 'agents'] as const;

/** GET /api/enterprises/me/agents */
export function useAuthorisedAgents() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: AuthorisedAgent[] }>('/enterprises/me/agents', undefined, signal),
    select: (data) => data.items,
    retry: false,
  });
}

/** POST /api/enterprises/me/agents — authorise an agent account by its username. */
export function useAuthoriseAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agentUsername: string) => api.post<AuthorisedAgent>('/enterprises/me/agents', { agentUsername }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** DELETE /api/enterprises/me/agents/:agentId — the agent no longer acts for the enterprise. */
export function useRevokeAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agentId: string) => api.delete<unknown>(`/enterprises/me/agents/${encodeURIComponent(agentId)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}
