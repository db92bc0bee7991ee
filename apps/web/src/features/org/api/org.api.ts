import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api/http.ts';

export type RegionLevel = 'province' | 'city' | 'county' | 'zone';

export interface Region {
  code: string;
  name: string;
  parentCode: string | null;
  level: RegionLevel;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  regionCode: string;
  regionName?: string;
  kind: string;
}

export function useRegions() {
  return useQuery({
    queryKey: ['regions'],
    queryFn: ({ signal }) => api.get<{ items: Region[] }>('/regions', undefined, signal),
    select: (data) => data.items,
    staleTime: 10 * 60_000,
  });
}

/** All departments, or those of one region. */
export function useDepartments(regionCode?: string, enabled = true) {
  return useQuery({
    queryKey: ['departments', regionCode ?? null],
    queryFn: ({ signal }) => api.get<{ items: Department[] }>('/departments', { regionCode }, signal),
    select: (data) => data.items,
    enabled,
    staleTime: 10 * 60_000,
  });
}
