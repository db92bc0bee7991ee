import { roles } from '../../plugins/authorization.ts';

/** Regions are public reference data (the public lookup and guides name them); departments are for signed-in users. */
export const organisationPolicy = {
  listRegions: 'public',
  createRegion: roles('sysAdmin'),
  listDepartments: 'authenticated',
  createDepartment: roles('sysAdmin'),
} as const;
