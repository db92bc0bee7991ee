import { roles } from '../../plugins/authorization.ts';

/** The system admin maintains the catalogue; the service guides (办事指南) of the current version are public. */
export const cataloguePolicy = {
  listVersions: roles('sysAdmin'),
  createDraft: roles('sysAdmin'),
  readVersion: roles('sysAdmin'),
  saveCatalogue: roles('sysAdmin'),
  patchMatter: roles('sysAdmin'),
  publish: roles('sysAdmin'),
  exportVersion: roles('sysAdmin'),
  importCatalogue: roles('sysAdmin'),
  guides: 'public',
} as const;
