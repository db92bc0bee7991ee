import type { Role, DepartmentStep } from '../db/schema/index.ts';

/** The authenticated principal of a request: a person (session) or a machine client (API key acting as its account). */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentSteps: DepartmentStep[];
  regionCode: string;
  departmentId: string | null;
  via: 'session' | 'bearer' | 'apiKey';
  sessionId: string | null;
  apiKeyId: string | null;
  /**
   * A person whose password must be changed first (expired, or set by the system admin): the session may only read its
   * profile, change the password and sign out (plugins/authorization.ts). Never set for an API key.
   */
  passwordChangeDue: boolean;
}
