import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { randomToken, sm3Hex } from '../../lib/crypto.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { API_KEY_PREFIX } from '../auth/auth.service.ts';
import { isRegionWithin } from '../organisations/organisations.service.ts';
import { getUser } from '../users/users.service.ts';
import { ADMIN_ROLES } from '../users/users.policy.ts';
import * as repo from './api-keys.repository.ts';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  username: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

function toView(row: { apiKey: repo.ApiKeyRow; username: string }): ApiKeyView {
  const k = row.apiKey;
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    userId: k.userId,
    username: row.username,
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(ctx: AppContext, actor: Actor): Promise<ApiKeyView[]> {
  const rows = await repo.findApiKeys(ctx.db);
  const visible = [];
  for (const row of rows) if (await isRegionWithin(ctx.db, row.regionCode, actor.regionCode)) visible.push(row);
  return visible.map(toView);
}

/** Issues a key for an account in scope. The secret is returned once; only its SM3 hash is stored. */
export async function createApiKey(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { userId: string; name: string; expiresAt?: string | undefined },
): Promise<ApiKeyView & { key: string }> {
  const owner = await getUser(ctx, actor, input.userId).catch(() => null);
  if (!owner)
    throw AppError.invalidField('userId', '账号不存在或不在管理范围内', 'unknown account or outside your scope');
  if ((ADMIN_ROLES as readonly string[]).includes(owner.role)) {
    throw AppError.invalidField('userId', '不能为三员账号签发接口密钥', 'admin accounts cannot have API keys');
  }
  const now = ctx.clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) {
    throw AppError.invalidField('expiresAt', '到期时间必须晚于当前时间', 'must be in the future');
  }
  const key = randomToken(API_KEY_PREFIX);
  const created = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.insertApiKey(tx, {
      userId: owner.id,
      name: input.name,
      prefix: key.slice(0, 12),
      keyHash: sm3Hex(key),
      createdAt: now,
      expiresAt,
    });
    await recordAudit({
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      after: { userId: owner.id, name: input.name, prefix: row.prefix, expiresAt },
    });
    return row;
  });
  return { ...toView({ apiKey: created, username: owner.username }), key };
}

export async function revokeApiKey(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<ApiKeyView> {
  const row = await repo.findApiKey(ctx.db, id);
  if (!row || !(await isRegionWithin(ctx.db, row.regionCode, actor.regionCode))) throw new AppError('NOT_FOUND');
  if (!row.apiKey.revokedAt) {
    const now = ctx.clock.now();
    await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
      await repo.setRevoked(tx, id, now);
      await recordAudit({ action: 'api_key.revoked', targetType: 'api_key', targetId: id });
    });
    row.apiKey.revokedAt = now;
  }
  return toView(row);
}
