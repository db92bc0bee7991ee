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
}
