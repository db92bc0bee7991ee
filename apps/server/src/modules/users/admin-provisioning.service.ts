import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service.ts';
import { resetSecondFactorOf } from '../auth/auth.service.ts';
import { checkPasswordStrength, hashPassword } from '../auth/password.ts';
import { ADMIN_ROLES } from './users.policy.ts';
import * as repo from './users.repository.ts';
import { insertRootRegionIfMissing } from '../organisations/organisations.service.ts';

export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * Operator-only provisioning of the three admin accounts (三员), run from the command line on the server
 * (`npm run admin:create`). The API never creates admin accounts, so no admin can mint another one. On an empty
 * database the root region (the deployment's province, city or county) is created first.
 */
export async function provisionAdminAccount(
  ctx: AppContext,
  input: {
    username: string;
    displayName: string;
    password: string;
    role: AdminRole;
    region: { code: string; name: string; level: 'province' | 'city' | 'county' };
  },
): Promise<{ id: string; createdRegion: boolean }> {
  if (!(ADMIN_ROLES as readonly string[]).includes(input.role)) {
    throw AppError.invalidField('role', '只能开设三员账号', 'only sysAdmin, secAdmin or auditAdmin');
  }
  if (!/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/.test(input.username)) {
    throw AppError.invalidField('username', '用户名格式不正确', 'invalid username');
  }
  if (!/^\d{6}$/.test(input.region.code)) {
    throw AppError.invalidField('region', '区划代码应为 6 位数字', 'region code must be 6 digits');
  }
  const weak = await checkPasswordStrength(input.password, { minLength: ctx.config.passwordMinLength }, input.username);
  if (weak) throw AppError.invalidField('password', weak.message, weak.messageEn);
  if (await repo.findUserByUsername(ctx.db, input.username)) {
    throw new AppError('CONFLICT', {
      fields: [{ field: 'username', message: '用户名已被使用', messageEn: 'username is taken' }],
    });
  }
  const passwordHash = await hashPassword(input.password);
  return runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
    const createdRegion = await insertRootRegionIfMissing(tx, input.region, recordAudit);
    const now = ctx.clock.now();
    const user = await repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      role: input.role,
      regionCode: input.region.code,
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: now,
    });
    await recordAudit({
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      after: { username: user.username, role: user.role, regionCode: user.regionCode, via: 'cli' },
    });
    return { id: user.id, createdRegion };
  });
}

/**
 * Operator-only reset of a 三员 account's second factor (`npm run admin:reset-second-factor`): the security admin resets
 * everyone else's through the API, and no admin resets another admin's (三员分立). The key goes and the account's
 * sessions end; where the policy requires a factor it enrols again at its next sign-in.
 */
export async function resetAdminSecondFactor(ctx: AppContext, username: string): Promise<{ id: string }> {
  const user = await repo.findUserByUsername(ctx.db, username);
  if (!user || !(ADMIN_ROLES as readonly string[]).includes(user.role)) {
    throw AppError.invalidField('username', '没有该三员账号', 'no admin account of that name');
  }
  if (!user.totpSecret) throw new AppError('SECOND_FACTOR_NOT_ENROLLED');
  await runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
    const now = ctx.clock.now();
    await resetSecondFactorOf(tx, user.id, now);
    await recordAudit({
      action: 'user.second_factor_reset',
      targetType: 'user',
      targetId: user.id,
      before: { enrolledAt: user.totpEnrolledAt },
      after: { via: 'cli' },
    });
  });
  return { id: user.id };
}

/** True once any account exists (start-up tells the operator how to create the first admins otherwise). */
export async function hasAnyAccount(ctx: AppContext): Promise<boolean> {
  return repo.hasAnyUser(ctx.db);
}
