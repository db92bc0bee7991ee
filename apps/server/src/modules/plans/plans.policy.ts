import { projectPolicy } from '../projects/projects.policy.ts';

/** The roadmap of a project is read by whoever may read the project (owners; staff in scope, not drafts). */
export const planPolicy = {
  read: projectPolicy.read,
} as const;
