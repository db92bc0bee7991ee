import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';
import type { CaseListItem } from '../../department/api/cases.types.ts';

export type WarningLevel = 'yellow' | 'red';

/** GET /api/supervision/cases — cases with a yellow or red warning in the supervisor's region subtree. */
export function useSupervisionCases(query: { level: WarningLevel; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['supervision', 'cases', query],
    queryFn: ({ signal }) =>
      api.get<{ items: CaseListItem[]; total: number }>('/supervision/cases', { ...query }, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
