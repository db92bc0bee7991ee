import { maskIdNumber, maskPhone, normalizeCreditCode, validateCreditCode } from '@yiwang/domain';
import type { Actor } from '../../lib/actor.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { fieldEncryptorFor } from '../../lib/field-encryption.ts';
import type { Db, Tx } from '../../db/database.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { checkPasswordStrength, hashPassword } from '../auth/password.ts';
import { getRegion } from '../organisations/organisations.service.ts';
import { findAccountByUsername } from '../users/users.service.ts';
import * as repo from './enterprises.repository.ts';

export interface EnterpriseView {
  id: string;
  creditCode: string;
  name: string;
  legalRepresentative: string;
  regionCode: string;
  regionName: string;
  address: string | null;
  contactName: string;
  /** Masked (138****1234): nobody has the PII permission yet, so the API never returns the clear value. */
  contactPhone: string;
  contactIdNumber: string;
  createdAt: string;
}

export interface RegisterEnterpriseInput {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  regionCode: string;
  address?: string | undefined;
  contactName: string;
  contactPhone: string;
  contactIdNumber: string;
  account: { username: string; password: string; displayName: string };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character of an 18-digit 居民身份证号 (ISO 7064 MOD 11-2). */
export function isValidResidentIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK.charAt(sum % 11) === id.charAt(17);
}

/** True for a PostgreSQL unique violation (23505), however drizzle wraps the driver error. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: unknown; constraint?: unknown };
    if (pgError.code === '23505') return constraint === undefined || pgError.constraint === constraint;
  }
  return false;
}

const creditCodeTaken = () =>
  new AppError('CONFLICT', {
    fields: [
      { field: 'creditCode', message: '该统一社会信用代码已注册', messageEn: 'this credit code is already registered' },
    ],
  });
const usernameTaken = () =>
  new AppError('CONFLICT', {
    fields: [{ field: 'account.username', message: '用户名已被使用', messageEn: 'username is taken' }],
  });

function toView(ctx: AppContext, row: repo.EnterpriseRow, regionName: string): EnterpriseView {
  const encryptor = fieldEncryptorFor(ctx);
  return {
    id: row.id,
    creditCode: row.creditCode,
    name: row.name,
    legalRepresentative: row.legalRepresentative,
    regionCode: row.regionCode,
    regionName,
    address: row.address,
    contactName: row.contactName,
    contactPhone: maskPhone(encryptor.decrypt(row.contactPhoneEncrypted)),
    contactIdNumber: maskIdNumber(encryptor.decrypt(row.contactIdNumberEncrypted)),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Self-registration of a 项目单位 and its applicant account, in one audited transaction. Every invalid field is reported
 * at once (一次性告知); a wrong credit code is refused with the domain's reason and nothing is stored.
 */
export async function registerEnterprise(
  ctx: AppContext,
  audit: AuditContext,
  input: RegisterEnterpriseInput,
): Promise<{ enterprise: EnterpriseView; account: { id: string; username: string; displayName: string } }> {
  const problems: FieldError[] = [];
  const creditCode = normalizeCreditCode(input.creditCode);
  const creditCheck = validateCreditCode(creditCode);
  if (!creditCheck.valid) {
    problems.push({ field: 'creditCode', message: creditCheck.reason, messageEn: creditCheck.reasonEn });
  }
  const region = await getRegion(ctx.db, input.regionCode);
  if (!region) {
    problems.push({ field: 'regionCode', message: '区划代码不存在', messageEn: 'unknown region code' });
  }
  const idNumber = input.contactIdNumber.toUpperCase();
  if (!isValidResidentIdNumber(idNumber)) {
    problems.push({
      field: 'contactIdNumber',
      message: '居民身份证号校验位错误',
      messageEn: 'resident ID number fails its GB 11643 check',
    });
  }
  const weak = await checkPasswordStrength(
    input.account.password,
    { minLength: ctx.config.passwordMinLength },
    input.account.username,
  );
  if (weak) problems.push({ field: 'account.password', ...weak });
  if (problems.length || !region) throw new AppError('VALIDATION_FAILED', { fields: problems });
  if (await repo.findEnterpriseByCreditCode(ctx.db, creditCode)) throw creditCodeTaken();
  if (await findAccountByUsername(ctx.db, input.account.username)) throw usernameTaken();

  const encryptor = fieldEncryptorFor(ctx);
  const passwordHash = await hashPassword(input.account.password);
  const now = ctx.clock.now();
  try {
    return await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
      const enterprise = await repo.insertEnterprise(tx, {
        creditCode,
        name: input.name.trim(),
        legalRepresentative: input.legalRepresentative.trim(),
        regionCode: input.regionCode,
        address: input.address?.trim() || null,
        contactName: input.contactName.trim(),
        contactPhoneEncrypted: encryptor.encrypt(input.contactPhone),
        contactPhoneIndex: encryptor.blindIndex(input.contactPhone),
        contactIdNumberEncrypted: encryptor.encrypt(idNumber),
        createdAt: now,
        updatedAt: now,
      });
      const account = await repo.insertApplicantAccount(tx, {
        username: input.account.username,
        displayName: input.account.displayName,
        passwordHash,
        role: 'applicant',
        regionCode: input.regionCode,
        enterpriseId: enterprise.id,
        createdAt: now,
        updatedAt: now,
        passwordChangedAt: now,
      });
      const view = toView(ctx, enterprise, region.name);
      // The trail holds the masked values only: it is append-only and cannot be re-encrypted or erased later.
      await recordAudit({
        action: 'enterprise.registered',
        targetType: 'enterprise',
        targetId: enterprise.id,
        after: view,
      });
      await recordAudit({ action: 'user.created', targetType: 'user', targetId: account.id, after: account });
      return {
        enterprise: view,
        account: { id: account.id, username: account.username, displayName: account.displayName },
      };
    });
  } catch (error) {
    // Two registrations racing past the checks above: the unique indexes decide, the loser gets the same 409.
    if (isUniqueViolation(error, 'enterprises_credit_code_uq')) throw creditCodeTaken();
    if (isUniqueViolation(error, 'users_username_lower_uq')) throw usernameTaken();
    throw error;
  }
}

/** The signed-in applicant's enterprise, personal data masked. */
export async function getOwnEnterprise(ctx: AppContext, actor: Actor): Promise<EnterpriseView> {
  const enterpriseId = await repo.findEnterpriseIdOfUser(ctx.db, actor.id);
  const row = enterpriseId ? await repo.findEnterpriseWithRegion(ctx.db, enterpriseId) : undefined;
  if (!row) {
    throw new AppError('NOT_FOUND', {
      message: '当前账号未关联项目单位',
      messageEn: 'this account is not linked to an enterprise',
    });
  }
  return toView(ctx, row.enterprise, row.regionName);
}

/** The enterprise an account acts for (applicants: their own); null when none. For the projects module. */
export async function enterpriseIdOfUser(db: Db | Tx, userId: string): Promise<string | null> {
  return repo.findEnterpriseIdOfUser(db, userId);
}

/** The enterprise an account acts for, with its name (one query); null when none. For the projects module. */
export async function enterpriseOfUser(db: Db, userId: string): Promise<{ id: string; name: string } | null> {
  return repo.findEnterpriseOfUser(db, userId);
}

/** Enterprise name for displays in other modules. */
export async function getEnterpriseName(db: Db | Tx, id: string): Promise<string | undefined> {
  return (await repo.findEnterpriseWithRegion(db, id))?.enterprise.name;
}

/** Whether the enterprise currently authorises this agent account (代办委托). For the projects module. */
export async function isAgentAuthorised(db: Db | Tx, enterpriseId: string, agentUserId: string): Promise<boolean> {
  return (await repo.findLiveAuthorisation(db, enterpriseId, agentUserId)) !== undefined;
}

/** The enterprises that currently authorise an agent account. */
export async function authorisedEnterpriseIds(db: Db, agentUserId: string): Promise<string[]> {
  return (await repo.findEnterprisesOfAgent(db, agentUserId)).map((r) => r.enterpriseId);
}

export interface AgentView {
  agentId: string;
  username: string;
  displayName: string;
  authorisedAt: string;
}

async function ownEnterpriseId(ctx: AppContext, actor: Actor): Promise<string> {
  const enterpriseId = await repo.findEnterpriseIdOfUser(ctx.db, actor.id);
  if (!enterpriseId) {
    throw new AppError('NOT_FOUND', {
      message: '当前账号未关联项目单位',
      messageEn: 'this account is not linked to an enterprise',
    });
  }
  return enterpriseId;
}

export async function listAgents(ctx: AppContext, actor: Actor): Promise<{ items: AgentView[] }> {
  const rows = await repo.findAgentsOfEnterprise(ctx.db, await ownEnterpriseId(ctx, actor));
  return { items: rows.map((r) => ({ ...r, authorisedAt: r.authorisedAt.toISOString() })) };
}

/**
 * The applicant authorises an agent account (role `agent`, active) to act for its enterprise. One live authorisation
 * per pair: a second one is a 409.
 */
export async function authoriseAgent(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { agentUsername: string },
): Promise<AgentView> {
  const enterpriseId = await ownEnterpriseId(ctx, actor);
  const agent = await findAccountByUsername(ctx.db, input.agentUsername.trim());
  if (!agent || agent.role !== 'agent' || agent.status !== 'active') {
    throw AppError.invalidField(
      'agentUsername',
      '没有该用户名的有效代办账号',
      'no active agent account has this username',
    );
  }
  const alreadyAuthorised = () =>
    new AppError('CONFLICT', {
      fields: [{ field: 'agentUsername', message: '已授权该代办账号', messageEn: 'this agent is already authorised' }],
    });
  if (await repo.findLiveAuthorisation(ctx.db, enterpriseId, agent.id)) throw alreadyAuthorised();
  try {
    const row = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
      const created = await repo.insertAuthorisation(tx, {
        enterpriseId,
        agentUserId: agent.id,
        authorisedBy: actor.id,
        authorisedAt: ctx.clock.now(),
      });
      await recordAudit({
        action: 'enterprise.agent_authorised',
        targetType: 'enterprise',
        targetId: enterpriseId,
        after: { agentId: agent.id, agentUsername: agent.username, authorisationId: created.id },
      });
      return created;
    });
    return {
      agentId: agent.id,
      username: agent.username,
      displayName: agent.displayName,
      authorisedAt: row.authorisedAt.toISOString(),
    };
  } catch (error) {
    if (isUniqueViolation(error, 'enterprise_agents_live_uq')) throw alreadyAuthorised();
    throw error;
  }
}

/** Ends an authorisation (the row stays with revoked_at); 404 when the agent is not authorised. */
export async function revokeAgent(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  agentId: string,
): Promise<{ ok: boolean }> {
  const enterpriseId = await ownEnterpriseId(ctx, actor);
  const live = await repo.findLiveAuthorisation(ctx.db, enterpriseId, agentId);
  if (!live) throw new AppError('NOT_FOUND');
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    await repo.revokeAuthorisation(tx, live.id, actor.id, ctx.clock.now());
    await recordAudit({
      action: 'enterprise.agent_revoked',
      targetType: 'enterprise',
      targetId: enterpriseId,
      before: { agentId, authorisationId: live.id },
    });
  });
  return { ok: true };
}

/** The enterprises an agent acts for. */
export async function listAgentEnterprises(ctx: AppContext, actor: Actor) {
  const rows = await repo.findEnterprisesOfAgent(ctx.db, actor.id);
  return { items: rows.map((r) => ({ ...r, id: r.enterpriseId, authorisedAt: r.authorisedAt.toISOString() })) };
}
