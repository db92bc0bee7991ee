import crypto from 'node:crypto';
import { formatProjectCode } from '@yiwang/domain';
import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/app-context.ts';
import type { Clock } from '../../lib/clock.ts';
import { insertProjectCodeIfFree } from './projects.repository.ts';

/** What a code is issued for. */
export interface ProjectCodeRequest {
  projectId: string;
  /** RRRRRR: the project's region (GB/T 2260 or a functional zone). */
  regionCode: string;
  /** TT: project type code. */
  projectTypeCode: string;
}

/**
 * The port through which a project gets its national code (DOMAIN.md §2: nationally the central platform issues all
 * non-secret codes). The local issuer serves standalone deployments and tests; an upstream adapter will ask the
 * national platform and record the code it returns. Either way the code is recorded in `project_codes` inside the
 * caller's transaction, whose primary key makes every code — voided ones included — unique forever.
 */
export interface ProjectCodeIssuer {
  readonly name: string;
  issue(tx: Tx, request: ProjectCodeRequest): Promise<string>;
}

/** Year and month in Asia/Shanghai (UTC+8 all year, no DST), for the YYMM segment. */
export function shanghaiYearMonth(at: Date): { year: number; month: number } {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}

export class CodeSpaceExhaustedError extends Error {}

/**
 * Local issuer: `YYMM-RRRRRR-DD-TT-NNNNNC` with YYMM from the clock in Asia/Shanghai, DD configurable (default 04 —
 * 发改-handled), NNNNN random (crypto), C by GB/T 17710 MOD 11,10 (packages/domain). Uniqueness under concurrency:
 * `INSERT … ON CONFLICT DO NOTHING` into project_codes — a concurrent transaction holding the same candidate makes ours
 * wait for its commit and then skip, so no error aborts the transaction and no savepoint is needed; we draw again.
 */
export function createLocalProjectCodeIssuer(options: {
  clock: Clock;
  departmentCode?: string;
  maxAttempts?: number;
  random?: () => number;
}): ProjectCodeIssuer {
  const departmentCode = options.departmentCode ?? '04';
  if (!/^\d{2}$/.test(departmentCode)) throw new Error('PROJECT_CODE_DEPARTMENT_CODE must be 2 digits');
  const maxAttempts = options.maxAttempts ?? 50;
  const random = options.random ?? (() => crypto.randomInt(0, 100_000));
  return {
    name: 'local',
    async issue(tx, request) {
      const now = options.clock.now();
      const issuedAt = shanghaiYearMonth(now);
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const code = formatProjectCode({
          issuedAt,
          regionCode: request.regionCode,
          departmentCode,
          projectTypeCode: request.projectTypeCode,
          serial5: String(random()).padStart(5, '0'),
        });
        if (await insertProjectCodeIfFree(tx, { code, projectId: request.projectId, issuer: 'local', issuedAt: now })) {
          return code;
        }
      }
      // 100,000 serials per (month, region, department, type): only a nearly full month gets here.
      throw new CodeSpaceExhaustedError(`no free project code after ${maxAttempts} attempts`);
    },
  };
}

const issuers = new WeakMap<AppContext, ProjectCodeIssuer>();

/** The context's issuer: the local one unless one was set (an upstream adapter, or a test double). */
export function projectCodeIssuerFor(ctx: AppContext): ProjectCodeIssuer {
  let issuer = issuers.get(ctx);
  if (!issuer) {
    issuer = createLocalProjectCodeIssuer({
      clock: ctx.clock,
      departmentCode: process.env.PROJECT_CODE_DEPARTMENT_CODE || '04',
    });
    issuers.set(ctx, issuer);
  }
  return issuer;
}

export function setProjectCodeIssuer(ctx: AppContext, issuer: ProjectCodeIssuer): void {
  issuers.set(ctx, issuer);
}
