import { roles } from '../../plugins/authorization.ts';

/** Deadlines are public arithmetic (guides and applicants use them); only the system admin edits the calendar. */
export const calendarPolicy = {
  deadline: 'public',
  listOverrides: 'public',
  setOverride: roles('sysAdmin'),
  removeOverride: roles('sysAdmin'),
} as const;
