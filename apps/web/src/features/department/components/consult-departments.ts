import { useMemo } from 'react';
import { useCurrentUser } from '../../../app/auth/current-user.tsx';
import { useDepartments, useRegions, type Department, type Region } from '../../org/api/org.api.ts';

/** The city a region belongs to (itself when it is a city; itself too when no city is above it). */
export function cityOf(regions: Region[], code: string): string {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  let region = byCode.get(code);
  while (region && region.level !== 'city' && region.parentCode) {
    const parent = byCode.get(region.parentCode);
    if (!parent || parent.level === 'province') break;
    region = parent;
  }
  return region?.level === 'city' ? region.code : code;
}

/**
 * Departments one may consult on a case: those of the case's region and of its city, never the case's own department.
 * A department user acts only on their own department's cases, so the case's region is the user's.
 */
export function useConsultDepartments(enabled: boolean): { items: Department[]; loading: boolean; error: unknown } {
  const me = useCurrentUser();
  const regions = useRegions();
  const city = regions.data ? cityOf(regions.data, me.regionCode) : undefined;
  const departments = useDepartments(city, enabled && city !== undefined);
  const items = useMemo(
    () =>
      (departments.data ?? []).filter(
        (d) => (d.regionCode === me.regionCode || d.regionCode === city) && d.id !== me.departmentId,
      ),
    [departments.data, me.regionCode, me.departmentId, city],
  );
  return {
    items,
    loading: regions.isPending || (enabled && departments.isPending),
    error: regions.error ?? departments.error,
  };
}
