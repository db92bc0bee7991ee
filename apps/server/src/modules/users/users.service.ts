import type { Actor } from '../../lib/actor.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { DepartmentStep, Role } from '../../db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT, type AuditContext } from '../audit/audit.service.ts';
import { checkPasswordStrength, hashPassword, isPasswordChangeDue, passwordExpiresAt } from '../auth/password.ts';
import { resetSecondFactorOf, revokeUserSessions } from '../auth/auth.service.ts';
import { getDepartment, getRegion, isRegionWithin, regionPathOf } from '../organisations/organisations.service.ts';
import { ADMIN_ROLES } from './users.policy.ts';
import * as repo from './users.repository.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentSteps: DepartmentStep[];
  regionCode: string;
  regionName: string;
  departmentId: string | null;
  departmentName: string | null;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  /** A TOTP authenticator is bound (等保 8.1.4.1 d); the key itself never leaves the server after enrolment. */
  secondFactorEnrolled: boolean;
  /** The password must be changed before anything else (expired, or set by the system admin). */
  passwordChangeDue: boolean;
  /** When the password expires (PASSWORD_MAX_AGE_DAYS after its last change); null when passwords do not expire. */
  passwordExpiresAt: string | null;
  /** The last completed sign-in; null when the account never signed in. */
  lastLoginAt: string | null;
  createdAt: string;
}

function toView(
  row: { user: repo.UserRow; regionName: string; departmentName: string | null },
  now: Date,
  maxPasswordAgeDays: number,
): UserView {
  const { user } = row;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentSteps: user.departmentSteps as DepartmentStep[],
    regionCode: user.regionCode,
    regionName: row.regionName,
    departmentId: user.departmentId,
    departmentName: row.departmentName,
    status: user.status,
    lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.toISOString() : null,
    secondFactorEnrolled: user.totpSecret !== null,
    passwordChangeDue: isPasswordChangeDue(user, maxPasswordAgeDays, now),
    passwordExpiresAt: passwordExpiresAt(user.passwordChangedAt, maxPasswordAgeDays)?.toISOString() ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The account behind a username, with its password hash: for the login flow only. */
export async function findAccountByUsername(db: Db, username: string) {
  return repo.findUserByUsername(db, username);
}

/** Failed-attempt counter, lockout and last login: written by the login flow in its own audited transaction. */
export async function updateLoginState(
  tx: Tx,
  userId: string,
  state: { failedLoginCount: number; lockedUntil: Date | null; lastLoginAt?: Date },
): Promise<void> {
  await repo.updateUser(tx, userId, state);
}

/** The signed-in account's own profile (no scope check: it is the actor). */
export async function getOwnProfile(ctx: AppContext, actor: Actor): Promise<UserView> {
  const row = await repo.findUserWithNames(ctx.db, actor.id);
  if (!row) throw new AppError('AUTH_REQUIRED');
  return toView(row, ctx.clock.now(), ctx.config.passwordMaxAgeDays);
}

/**
 * The holder's own new password (the caller audits and revokes sessions in the same transaction): the age starts again
 * and a change the system admin's initial password required is done.
 */
export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string, at: Date): Promise<void> {
  await repo.updateUser(tx, userId, {
    passwordHash,
    passwordChangedAt: at,
    passwordChangeRequired: false,
    updatedAt: at,
  });
}

/** Users within the admin's region subtree (data scope). */
export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  query: { page: number; pageSize: number; q?: string | undefined; role?: Role | undefined },
): Promise<{ items: UserView[]; total: number }> {
  const regionPath = await regionPathOf(ctx.db, actor.regionCode);
  if (!regionPath) return { items: [], total: 0 };
  const { rows, total } = await repo.findUsers(
    ctx.db,
    { regionPath, q: query.q, role: query.role },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  const now = ctx.clock.now();
  return { items: rows.map((r) => toView(r, now, ctx.config.passwordMaxAgeDays)), total };
}

/** 三员分立: the three admin accounts are changed by the operator on the server, never by another admin through the API. */
function refuseAdminAccount(user: { role: Role }): void {
  if ((ADMIN_ROLES as readonly string[]).includes(user.role)) {
    throw new AppError('FORBIDDEN', {
      message: '三员账号只能由运维人员处理',
      messageEn: 'admin accounts are handled by the operator',
    });
  }
}

/** Loads a user the actor may manage; anything outside the actor's region subtree is "not found" (no existence leak). */
async function loadManagedUser(ctx: AppContext, actor: Actor, id: string) {
  const row = await repo.findUserWithNames(ctx.db, id);
  if (!row || !(await isRegionWithin(ctx.db, row.user.regionCode, actor.regionCode))) throw new AppError('NOT_FOUND');
  return row;
}

export async function getUser(ctx: AppContext, actor: Actor, id: string): Promise<UserView> {
  return toView(await loadManagedUser(ctx, actor, id), ctx.clock.now(), ctx.config.passwordMaxAgeDays);
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  regionCode: string;
  departmentId?: string | undefined;
  departmentSteps?: DepartmentStep[] | undefined;
}

/** Validates the account's organisational placement: region in scope, department of that region, steps only for staff. */
async function checkPlacement(
  ctx: AppContext,
  actor: Actor,
  input: { role: Role; regionCode: string; departmentId?: string | undefined; departmentSteps?: DepartmentStep[] },
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if ((ADMIN_ROLES as readonly string[]).includes(input.role)) {
    problems.push({
      field: 'role',
      message: '三员账号只能由运维人员通过命令行开设',
      messageEn: 'admin accounts are provisioned by the operator, not through the API',
    });
  }
  const region = await getRegion(ctx.db, input.regionCode);
  if (!region || !(await isRegionWithin(ctx.db, input.regionCode, actor.regionCode))) {
    problems.push({
      field: 'regionCode',
      message: '区划不存在或不在管理范围内',
      messageEn: 'unknown region or outside your scope',
    });
  }
  const needsDepartment = input.role === 'department' || input.role === 'window' || input.role === 'supervisor';
  if (input.departmentId) {
    const department = await getDepartment(ctx.db, input.departmentId);
    if (!department || department.regionCode !== input.regionCode) {
      problems.push({
        field: 'departmentId',
        message: '部门不存在或不属于所选区划',
        messageEn: 'unknown department or not in the chosen region',
      });
    }
  } else if (needsDepartment) {
    problems.push({
      field: 'departmentId',
      message: '该角色必须指定所属部门',
      messageEn: 'this role needs a department',
    });
  }
  if (input.departmentSteps?.length && input.role !== 'department') {
    problems.push({
      field: 'departmentSteps',
      message: '只有审批部门人员可设置办理环节',
      messageEn: 'only department staff have internal steps',
    });
  }
  return problems;
}

export async function createUser(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: CreateUserInput,
): Promise<UserView> {
  const problems = await checkPlacement(ctx, actor, input);
  const weak = await checkPasswordStrength(input.password, { minLength: ctx.config.passwordMinLength }, input.username);
  if (weak) problems.push({ field: 'password', ...weak });
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  if (await repo.findUserByUsername(ctx.db, input.username)) {
    throw new AppError('CONFLICT', {
      fields: [{ field: 'username', message: '用户名已被使用', messageEn: 'username is taken' }],
    });
  }
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const created = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const user = await repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      role: input.role,
      departmentSteps: input.role === 'department' ? (input.departmentSteps ?? ['undertake']) : [],
      regionCode: input.regionCode,
      departmentId: input.departmentId ?? null,
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: now,
      // 等保 8.1.4.1 a: the password is the admin's choice, so its holder changes it at the first sign-in.
      passwordChangeRequired: ctx.config.passwordInitialMustChange,
    });
    const { passwordHash: _omit, ...safe } = user;
    await recordAudit({ action: 'user.created', targetType: 'user', targetId: user.id, after: safe });
    return user;
  });
  return getUser(ctx, actor, created.id);
}

export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  patch: { displayName?: string | undefined; departmentId?: string | null; departmentSteps?: DepartmentStep[] },
): Promise<UserView> {
  const row = await loadManagedUser(ctx, actor, id);
  const next = {
    role: row.user.role,
    regionCode: row.user.regionCode,
    departmentId: patch.departmentId === undefined ? row.user.departmentId : patch.departmentId,
    departmentSteps: patch.departmentSteps ?? (row.user.departmentSteps as DepartmentStep[]),
  };
  const problems = (await checkPlacement(ctx, actor, { ...next, departmentId: next.departmentId ?? undefined })).filter(
    (p) => p.field !== 'role',
  );
  if ((ADMIN_ROLES as readonly string[]).includes(row.user.role)) {
    throw new AppError('FORBIDDEN', {
      message: '三员账号不能通过接口修改',
      messageEn: 'admin accounts are not editable here',
    });
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const changes = {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      ...(patch.departmentId !== undefined ? { departmentId: patch.departmentId } : {}),
      ...(patch.departmentSteps !== undefined ? { departmentSteps: patch.departmentSteps } : {}),
    };
    await repo.updateUser(tx, id, { ...changes, updatedAt: ctx.clock.now() });
    const before = {
      displayName: row.user.displayName,
      departmentId: row.user.departmentId,
      departmentSteps: row.user.departmentSteps,
    };
    await recordAudit({ action: 'user.updated', targetType: 'user', targetId: id, before, after: changes });
  });
  return getUser(ctx, actor, id);
}

/** Clears a lockout early (the security admin, e.g. after the owner called the help desk). */
export async function unlockUser(ctx: AppContext, actor: Actor, audit: AuditContext, id: string): Promise<UserView> {
  const row = await loadManagedUser(ctx, actor, id);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    await repo.updateUser(tx, id, { lockedUntil: null, failedLoginCount: 0, updatedAt: ctx.clock.now() });
    await recordAudit({
      action: 'user.unlocked',
      targetType: 'user',
      targetId: id,
      before: { lockedUntil: row.user.lockedUntil, failedLoginCount: row.user.failedLoginCount },
    });
  });
  return getUser(ctx, actor, id);
}

/**
 * 强制下线: the security admin ends every session of an account at once (ASVS 7.4.5), e.g. a clerk who left a terminal
 * signed in, without disabling it. 三员 accounts are the operator's.
 */
export async function endUserSessions(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<UserView> {
  const row = await loadManagedUser(ctx, actor, id);
  refuseAdminAccount(row.user);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    await revokeUserSessions(tx, id, ctx.clock.now());
    await recordAudit({ action: 'user.sessions_revoked', targetType: 'user', targetId: id });
  });
  return getUser(ctx, actor, id);
}

/**
 * Staff accounts the inactivity rule applies to: the window, departments and supervisors. Enterprise accounts are not
 * (a project owner may apply once in several years), nor bank and intermediary accounts (their organisations' own
 * staff), nor the three admin accounts (the operator's).
 */
const INACTIVITY_ROLES: readonly Role[] = ['window', 'department', 'supervisor'];

/**
 * 等保 2.0 §8.1.4.2 c (应及时删除或停用多余的、过期的账户): staff accounts not signed in for `ACCOUNT_INACTIVE_DAYS`
 * (counted from the last sign-in, or the opening, or the last change by an administrator — so a re-enabled account
 * gets its full period again) are disabled, each in its own transaction with its audit row. Run hourly (app.ts).
 */
export async function disableInactiveAccounts(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>): Promise<number> {
  const days = ctx.config.accountInactiveDays;
  if (days <= 0) return 0;
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - days * 86_400_000);
  let disabled = 0;
  for (const { id } of await repo.findInactiveUsers(ctx.db, INACTIVITY_ROLES, before)) {
    try {
      await runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
        const user = await repo.disableIfInactive(tx, id, INACTIVITY_ROLES, before, now);
        if (!user) throw new StillActive();
        await revokeUserSessions(tx, id, now);
        await recordAudit({
          action: 'user.disabled',
          targetType: 'user',
          targetId: id,
          before: { status: 'active', lastLoginAt: user.lastLoginAt },
          after: { status: 'disabled', reason: 'inactive', inactiveDays: days },
        });
      });
      disabled += 1;
    } catch (error) {
      if (!(error instanceof StillActive)) throw error;
    }
  }
  return disabled;
}

/** The account signed in (or was changed) between the sweep's read and its update: nothing to do. */
class StillActive extends Error {}

/**
 * The security admin resets the second factor of an account that lost its authenticator (a new phone, a lost one):
 * the key goes, its half-done sign-ins and its sessions end, and it enrols again at its next sign-in where the policy
 * requires a factor. 三员 accounts are the operator's (`npm run admin:reset-second-factor`), as their other changes are.
 */
export async function resetSecondFactor(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<UserView> {
  const row = await loadManagedUser(ctx, actor, id);
  refuseAdminAccount(row.user);
  if (!row.user.totpSecret) throw new AppError('SECOND_FACTOR_NOT_ENROLLED');
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const now = ctx.clock.now();
    await resetSecondFactorOf(tx, id, now);
    await recordAudit({
      action: 'user.second_factor_reset',
      targetType: 'user',
      targetId: id,
      before: { enrolledAt: row.user.totpEnrolledAt },
    });
  });
  return getUser(ctx, actor, id);
}

/** Disables or re-enables an account; disabling revokes its sessions at once (ASVS 7.4.2). */
export async function setUserStatus(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  status: 'active' | 'disabled',
): Promise<UserView> {
  const row = await loadManagedUser(ctx, actor, id);
  if (row.user.id === actor.id) {
    throw new AppError('FORBIDDEN', {
      message: '不能停用自己的账号',
      messageEn: 'you cannot disable your own account',
    });
  }
  refuseAdminAccount(row.user);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const now = ctx.clock.now();
    await repo.updateUser(tx, id, { status, updatedAt: now });
    if (status === 'disabled') await revokeUserSessions(tx, id, now);
    await recordAudit({
      action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: id,
      before: { status: row.user.status },
      after: { status },
    });
  });
  return getUser(ctx, actor, id);
}

/** 谁审批谁监管: the supervisors who hear of what happens in the region at `regionPath` (its own and every ancestor's). */
export async function supervisorIdsCovering(db: Db | Tx, regionPath: string): Promise<string[]> {
  return repo.findSupervisorIdsCovering(db, regionPath);
}
