/**
 * E-licences (电子证照, issue 5): issued on a 准予 decision inside the cases module's decision transaction, signed with SM2
 * over the domain's canonical licence data, kept in the project's licence package (材料包 "两个不得": a held licence
 * satisfies later materials), verifiable by anyone at /public/licences/:number, revocable (e.g. a false 告知承诺,
 * 国办发〔2020〕42号) and extendable under the licence type's rule (核准: 条例673 art.12).
 */
import crypto from 'node:crypto';
import {
  addMonths,
  checkLicenceExtension,
  licenceStatus,
  RATIFICATION_EXTENSION_RULES,
  shanghaiCivilDate,
  type LicenceExtensionRules,
  type LicenceRecord,
  type LicenceStatus,
} from '@yiwang/domain';
import { concurrently } from '../../db/concurrently.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { withDomainRule } from '../../lib/domain-errors.ts';
import {
  runAuditedTransaction,
  type AuditContext,
  type RecordAudit,
  type SendWithCommit,
} from '../audit/audit.service.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { loadCatalogueVersion } from '../catalogue/catalogue.service.ts';
import { noticeStatements, notify } from '../notifications/notifications.service.ts';
import { loadVisibleProject } from '../projects/projects.service.ts';
import {
  LICENCE_SIGNATURE_ALGORITHM,
  parseLicenceRecord,
  publicKeyFingerprint,
  verifyLicenceSignature,
} from './licence-signer.ts';
import * as repo from './licences.repository.ts';

const today = (ctx: AppContext) => shanghaiCivilDate(ctx.clock.now().getTime());

/** The public verification page of a licence on the web app (encoded in the PDF's QR mark). */
export function licenceVerifyUrl(baseUrl: string, number: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/public/licences/${encodeURIComponent(number)}`;
}

/** Licence numbers: `<region>-<year>-<type abbreviation>-<8 base32>`, e.g. 330300-2026-PD-K7Q2M9XA. */
/**
 * A licence type may cover several documents (the catalogue's 「项目审批、核准或备案文件」 is 可研批复, 核准批复 or
 * 备案证明): the document itself is titled after what it is, so the holder and a verifier read 「项目核准批复」, not the
 * type's umbrella name. The type code stays the catalogue's (it is what materials and the licence package match on).
 */
const DOCUMENT_TITLE_BY_MATTER: Readonly<Record<string, string>> = Object.freeze({
  'ndrc.ratification': '企业投资项目核准批复',
  'ndrc.feasibility': '政府投资项目可行性研究报告批复',
  'ndrc.proposal': '政府投资项目建议书批复',
  'ndrc.filing': '企业投资项目备案证明',
});

export const LICENCE_NUMBER_PATTERN = '^[0-9]{6}-[0-9]{4}-[A-Z]{1,6}-[A-Z2-7]{8}$';

// ---------------------------------------------------------------------------------------------------------------------
// Extension rules per licence

/** 核准 (条例673 art.12): once, ≤ 12 months, requested ≥ 30 working days before expiry — keyed by the matter. */
const EXTENSION_RULES_BY_MATTER: Readonly<Record<string, LicenceExtensionRules>> = {
  'ndrc.ratification': RATIFICATION_EXTENSION_RULES,
};

/** Rules fixed by the law of a licence type, whichever matter issued it. */
const EXTENSION_RULES_BY_TYPE: Readonly<Record<string, LicenceExtensionRules>> = {
  // 建筑法 art.9: start within 3 months of the permit; extension requested before expiry, at most twice, ≤ 3 months each.
  constructionPermit: { maxExtensions: 2, maxMonths: 3, minWorkingDaysBeforeExpiry: 0 },
  // 环境影响评价法 art.24: after 5 years the EIA document is re-reviewed by the approving authority, not extended.
  eiaApproval: { maxExtensions: 0, maxMonths: 0, minWorkingDaysBeforeExpiry: 0 },
};

/**
 * Any other licence with a validity: 行政许可法 art.50 asks for the renewal request 30 days before expiry; 22 working days
 * is the most a 30-day span can hold, so requiring 22 never accepts a request the law would refuse for lateness (holidays
 * only make it stricter). Once, ≤ 12 months: a conservative default until the catalogue carries per-matter rules.
 */
const DEFAULT_EXTENSION_RULES: Readonly<LicenceExtensionRules> = {
  maxExtensions: 1,
  maxMonths: 12,
  minWorkingDaysBeforeExpiry: 22,
};

export function extensionRulesFor(matterCode: string, licenceType: string): LicenceExtensionRules {
  return (
    EXTENSION_RULES_BY_MATTER[matterCode] ?? EXTENSION_RULES_BY_TYPE[licenceType] ?? { ...DEFAULT_EXTENSION_RULES }
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Views

export interface LicenceView {
  number: string;
  licenceType: string;
  licenceTypeName: string;
  holderName: string;
  projectCode: string;
  projectName: string;
  matterName: string;
  issuingDepartment: string;
  content: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  status: LicenceStatus;
  revokedOn: string | null;
  revokedReason: string | null;
  extensionsUsed: number;
}

export interface PublicLicenceVerification {
  valid: boolean;
  status: LicenceStatus;
  holder: string;
  projectCode: string;
  issuedAt: string;
  validUntil: string | null;
  licenceTypeName: string;
  matterName: string;
  issuingDepartment: string;
  signatureValid: boolean;
}

/** The signed record of a row; a text that no longer parses (tampered) yields empty fields, never a crash. */
function recordOf(row: repo.LicenceRow): LicenceRecord {
  return (
    parseLicenceRecord(row.canonical) ?? {
      number: row.number,
      licenceType: row.licenceType,
      licenceTypeName: row.licenceType,
      holderName: '',
      holderCreditCode: '',
      projectCode: '',
      projectName: '',
      matterCode: '',
      matterName: '',
      issuingDepartment: '',
      content: '',
      issuedOn: row.issuedOn,
      validFrom: row.issuedOn,
      validUntil: row.validUntil,
    }
  );
}

const statusOf = (row: repo.LicenceRow, on: string): LicenceStatus =>
  licenceStatus({ validUntil: row.validUntil, revokedOn: row.revokedOn }, on);

function toView(row: repo.LicenceRow, on: string): LicenceView {
  const record = recordOf(row);
  return {
    number: row.number,
    licenceType: row.licenceType,
    licenceTypeName: record.licenceTypeName,
    holderName: record.holderName,
    projectCode: record.projectCode,
    projectName: record.projectName,
    matterName: record.matterName,
    issuingDepartment: record.issuingDepartment,
    content: record.content,
    issuedOn: row.issuedOn,
    validFrom: record.validFrom,
    // The row's validUntil: the signed record keeps the original, an extension is recorded beside it.
    validUntil: row.validUntil,
    status: statusOf(row, on),
    revokedOn: row.revokedOn,
    revokedReason: row.revokedReason,
    extensionsUsed: row.extensionsUsed,
  };
}

/**
 * Whether the stored signature stands: the canonical text is well formed and its SM2 signature verifies, the record is
 * the row's (same number and type), and the key is the platform's licence key, current or a former one still trusted
 * (LICENCE_TRUSTED_PUBLIC_KEYS) — a row re-signed with another key (by someone who could write to the database) is not
 * accepted.
 */
export function signatureStands(ctx: AppContext, row: repo.LicenceRow): boolean {
  const { signatureValid, record } = verifyLicenceSignature(row);
  return (
    signatureValid &&
    record !== null &&
    record.number === row.number &&
    record.licenceType === row.licenceType &&
    ctx.licenceSigner.trusts(row.publicKey)
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Seams (called by cases and applications inside their transactions)

/**
 * Audit rows for work done inside the caller's transaction. The seams get `tx`, not a `recordAudit`: a nested audited
 * transaction (a savepoint of `tx`) appends the licence's own audit row to the chain in the same commit — if the caller
 * rolls back, the licence and its audit row go with it.
 */
async function auditedWithin<T>(
  tx: Tx,
  ctx: AppContext,
  auditContext: AuditContext,
  work: (tx: Tx, recordAudit: RecordAudit) => Promise<T>,
): Promise<T> {
  return runAuditedTransaction(tx as unknown as Db, ctx.clock, auditContext, work);
}

async function auditContextOfUser(db: Db | Tx, userId: string | null): Promise<AuditContext> {
  const user = userId ? await repo.findUserForAudit(db, userId) : undefined;
  return {
    actorId: user ? userId : null,
    actorUsername: user?.username ?? 'system',
    actorRole: user?.role ?? null,
    requestId: null,
    ip: null,
  };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 8 base32 characters = 40 random bits. */
function randomBase32(): string {
  const bytes = crypto.randomBytes(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 7; i >= 0; i -= 1) out += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/** projectDecision → PD, landUsePlanningPermit → LUPP: the capitals of the camel-case code, at most 6 (else LIC). */
export function licenceTypeAbbreviation(code: string): string {
  const letters = code.replace(/[^A-Za-z]/g, '');
  if (!letters) return 'LIC';
  const abbreviation = (letters[0]! + letters.slice(1).replace(/[^A-Z]/g, '')).toUpperCase().slice(0, 6);
  return abbreviation || 'LIC';
}

async function newLicenceNumber(tx: Tx, regionCode: string, year: string, licenceType: string): Promise<string> {
  const region = /^\d{6}$/.test(regionCode) ? regionCode : '000000';
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const number = `${region}-${year}-${licenceTypeAbbreviation(licenceType)}-${randomBase32()}`;
    if (!(await repo.numberExists(tx, number))) return number;
  }
  throw new Error('could not draw a free licence number'); // 40 random bits: unreachable in practice
}

/** 万元 amount as printed: numeric text without trailing zero decimals. */
function formatWan(value: string | null): string {
  if (value === null) return '';
  const n = Number(value);
  return Number.isFinite(n) ? `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2, useGrouping: false })}` : value;
}

/** The decision text of a matter: 核准 states the art.12 start-of-construction duty; others the plain grant. */
function decisionText(matterCode: string, matterName: string, validUntil: string | null): string {
  if (matterCode === 'ndrc.ratification') {
    return (
      '经审查，该项目符合核准条件，同意该项目核准。项目单位应在本核准文件有效期内开工建设；' +
      '需要延期开工建设的，应当在有效期届满 30 个工作日前向项目核准机关申请延期，延期以一次为限，期限最长不超过 1 年' +
      '（《企业投资项目核准和备案管理条例》第十二条）。'
    );
  }
  const validity = validUntil ? `本证照有效期至 ${validUntil}。` : '';
  return `经审查，准予办理「${matterName}」。项目单位应按本证照载明的内容建设，并依法办理后续手续。${validity}`;
}

/**
 * 建设地点 = region names + address, without repeating what the address already says: 温州市瓯江口新区… under
 * [浙江省, 温州市] gives 浙江省温州市瓯江口新区…, not 浙江省温州市温州市….
 */
export function siteOf(regionNames: string[], address: string): string {
  for (let i = 0; i < regionNames.length; i += 1) {
    if (address.startsWith(regionNames.slice(i).join(''))) return `${regionNames.slice(0, i).join('')}${address}`;
  }
  return `${regionNames.join('')}${address}`;
}

function composeContent(
  info: NonNullable<Awaited<ReturnType<typeof repo.findCaseForIssue>>>,
  regionNames: string[],
  validUntil: string | null,
): string {
  const site = siteOf(regionNames, info.address ?? '');
  const lines = [
    `项目名称：${info.projectName}`,
    site ? `建设地点：${site}` : null,
    info.scaleAndContent ? `建设规模及内容：${info.scaleAndContent}` : null,
    info.totalInvestment !== null ? `总投资：${formatWan(info.totalInvestment)} 万元` : null,
    decisionText(info.matterCode, info.matterName, validUntil),
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

/**
 * Issues the licence of an approved case, inside the cases module's decision transaction (never `ctx.db`), its audit
 * row among the decision's own (`recordAudit`: same actor, same request). Returns null when the matter issues nothing
 * (catalogue `output: null`). Idempotent: a case has at most one licence (unique index), so a second call returns the
 * first licence. The reads that do not depend on each other leave together, as do the licence and its notice (the
 * connection is pipelined): the deciders of the application wait on the decision's locks meanwhile.
 */
export async function issueLicenceForCase(
  tx: Tx,
  ctx: AppContext,
  recordAudit: RecordAudit,
  input: { caseId: string; decidedOn: string },
  /** The deciding transaction's: the licence and its notice leave with its audit rows and COMMIT. */
  sendWithCommit: SendWithCommit,
): Promise<{ id: string; number: string } | null> {
  const [info, existing] = await concurrently([
    repo.findCaseForIssue(tx, input.caseId),
    repo.findByCase(tx, input.caseId),
  ]);
  if (!info) throw new AppError('NOT_FOUND');
  const catalogue = await loadCatalogueVersion(tx, info.catalogueVersion);
  if (!catalogue) throw new Error(`catalogue version ${info.catalogueVersion} of case ${input.caseId} is missing`);
  const matter = catalogue.matters.find((m) => m.code === info.matterCode);
  // A matter without output in the case's (immutable) catalogue version never had a licence: no need to look for one.
  if (!matter?.output) return null;
  if (existing) return { id: existing.id, number: existing.number };
  const { licenceType, validityMonths } = matter.output;
  const licenceTypeName =
    DOCUMENT_TITLE_BY_MATTER[matter.code] ??
    catalogue.licenceTypes.find((t) => t.code === licenceType)?.name ??
    licenceType;

  const issuedOn = input.decidedOn;
  // 民法典 art.201: a period in months starts the next day and ends on the corresponding day, hence date + months.
  const validUntil = validityMonths ? addMonths(issuedOn, validityMonths) : null;
  const [regionNames, number, holders] = await concurrently([
    info.projectRegionCode ? repo.regionChainNames(tx, info.projectRegionCode) : [],
    newLicenceNumber(tx, info.departmentRegionCode, issuedOn.slice(0, 4), licenceType),
    repo.applicantUserIds(tx, info.enterpriseId),
  ]);
  const record: LicenceRecord = {
    number,
    licenceType,
    licenceTypeName,
    holderName: info.enterpriseName,
    holderCreditCode: info.creditCode,
    projectCode: info.projectCode ?? '',
    projectName: info.projectName,
    matterCode: info.matterCode,
    matterName: info.matterName,
    issuingDepartment: info.departmentName,
    content: composeContent(info, regionNames, validUntil),
    issuedOn,
    validFrom: issuedOn,
    validUntil,
  };
  const { canonical, signature } = ctx.licenceSigner.sign(record);

  // The id is made here, so nothing waits on the insert's answer.
  const id = crypto.randomUUID();
  sendWithCommit(
    repo.licenceInsert(tx, {
      id,
      number,
      caseId: info.caseId,
      projectId: info.projectId,
      enterpriseId: info.enterpriseId,
      licenceType,
      canonical,
      signature,
      publicKey: ctx.licenceSigner.publicKey,
      issuedAt: ctx.clock.now(),
      issuedOn,
      validUntil,
    }),
    ...noticeStatements(tx, ctx, [
      {
        userIds: [info.applicationCreatedBy, ...holders],
        kind: 'licence.issued',
        title: `电子证照已签发：${licenceTypeName}`,
        titleEn: `E-licence issued: ${licenceType}`,
        body: `「${info.projectName}」的${info.matterName}已准予，电子证照 ${number} 已签发${validUntil ? `，有效期至 ${validUntil}` : ''}，已放入项目证照库。`,
        bodyEn: `${info.matterCode} of project ${info.projectCode ?? ''} was approved; e-licence ${number} was issued${validUntil ? `, valid until ${validUntil}` : ''} and added to the project's licence package.`,
        link: `/projects/${info.projectId}`,
        channels: ['sms'],
      },
    ]),
  );
  await recordAudit({
    action: 'licence.issued',
    targetType: 'licence',
    targetId: id,
    after: { number, caseId: info.caseId, projectId: info.projectId, licenceType, validUntil, signature },
  });
  return { id, number };
}

/** The project's currently valid licences (not revoked, not expired on `today`), for the stage form ("两个不得"). */
export async function listHeldLicenceTypes(
  db: Db | Tx,
  projectId: string,
  today: string,
): Promise<{ licenceType: string; licenceId: string; number: string }[]> {
  const rows = await repo.listUnrevokedByProject(db, projectId);
  return rows
    .filter((row) => statusOf(row, today) === 'valid')
    .map((row) => ({ licenceType: row.licenceType, licenceId: row.id, number: row.number }));
}

async function revokeRow(
  tx: Tx,
  ctx: AppContext,
  recordAudit: RecordAudit,
  row: repo.LicenceRow,
  reason: string,
  actorId: string | null,
): Promise<repo.LicenceRow> {
  const now = ctx.clock.now();
  const updated = await repo.markRevoked(tx, row.id, {
    revokedAt: now,
    revokedOn: shanghaiCivilDate(now.getTime()),
    revokedReason: reason,
    revokedBy: actorId,
  });
  await recordAudit({
    action: 'licence.revoked',
    targetType: 'licence',
    targetId: row.id,
    before: { revokedOn: null },
    after: { number: row.number, revokedOn: updated.revokedOn, reason },
  });
  const record = recordOf(row);
  const recipients = await repo.applicantUserIds(tx, row.enterpriseId);
  await notify(tx, ctx, {
    userIds: recipients,
    kind: 'licence.revoked',
    title: `电子证照已撤销：${record.licenceTypeName}`,
    titleEn: `E-licence revoked: ${row.number}`,
    body: `电子证照 ${row.number}（${record.projectName}）已于 ${updated.revokedOn} 撤销。原因：${reason}`,
    bodyEn: `E-licence ${row.number} was revoked on ${updated.revokedOn}. Reason: ${reason}`,
    link: `/projects/${row.projectId}`,
    channels: ['sms'],
  });
  return updated;
}

/**
 * Revokes the licence of a case (告知承诺 found false, 国办发〔2020〕42号; a failed verification task), inside the
 * caller's transaction. Nothing to do when the case issued no licence or it is already revoked.
 */
export async function revokeLicenceOfCase(
  tx: Tx,
  ctx: AppContext,
  caseId: string,
  reason: string,
  actorId: string | null,
): Promise<void> {
  const row = await repo.findByCase(tx, caseId);
  if (!row || row.revokedOn !== null) return;
  const auditContext = await auditContextOfUser(tx, actorId);
  await auditedWithin(tx, ctx, auditContext, (inner, recordAudit) =>
    revokeRow(inner, ctx, recordAudit, row, reason, actorId),
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// HTTP services

/** The project's licence package (owners; staff in the project's region subtree — the projects service decides). */
export async function listProjectLicences(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
): Promise<{ items: LicenceView[] }> {
  await loadVisibleProject(ctx, actor, projectId);
  const on = today(ctx);
  return { items: (await repo.listByProject(ctx.db, projectId)).map((row) => toView(row, on)) };
}

/** A licence the actor may read (its project's owners and staff in scope), else 404 LICENCE_NOT_FOUND. */
async function loadVisibleLicence(ctx: AppContext, actor: Actor, number: string): Promise<repo.LicenceRow> {
  const row = await repo.findByNumber(ctx.db, number);
  if (!row) throw new AppError('LICENCE_NOT_FOUND');
  try {
    await loadVisibleProject(ctx, actor, row.projectId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('LICENCE_NOT_FOUND');
    throw error;
  }
  return row;
}

export async function getLicence(ctx: AppContext, actor: Actor, number: string): Promise<LicenceView> {
  return toView(await loadVisibleLicence(ctx, actor, number), today(ctx));
}

export async function licencePdf(
  ctx: AppContext,
  actor: Actor,
  number: string,
): Promise<{ number: string; licenceTypeName: string; pdf: Uint8Array }> {
  const row = await loadVisibleLicence(ctx, actor, number);
  const on = today(ctx);
  const record = recordOf(row);
  const status = statusOf(row, on);
  const statusNote =
    status === 'revoked'
      ? `本证照已于 ${row.revokedOn} 撤销`
      : status === 'expired'
        ? `本证照有效期已于 ${row.validUntil} 届满`
        : null;
  const { renderLicencePdf } = await import('../../documents/licence-pdf.ts'); // first use loads pdf-lib + fontkit (~0.35 s): not at start (cold start, issue 6)
  const pdf = await renderLicencePdf(
    {
      number: row.number,
      licenceTypeName: record.licenceTypeName,
      holderName: record.holderName,
      holderCreditCode: record.holderCreditCode,
      projectCode: record.projectCode,
      projectName: record.projectName,
      matterName: record.matterName,
      content: record.content,
      issuingDepartment: record.issuingDepartment,
      issuedOn: row.issuedOn,
      validFrom: record.validFrom,
      validUntil: row.validUntil,
      verifyUrl: licenceVerifyUrl(ctx.config.publicBaseUrl, row.number),
      signature: {
        algorithm: LICENCE_SIGNATURE_ALGORITHM,
        publicKeyFingerprint: publicKeyFingerprint(row.publicKey),
        value: row.signature,
      },
      statusNote,
      validityNote: row.extensionsUsed > 0 ? `已延期 ${row.extensionsUsed} 次，原有效期至 ${record.validUntil}` : null,
    },
    { generatedAt: ctx.clock.now() },
  );
  return { number: row.number, licenceTypeName: record.licenceTypeName, pdf };
}

/** Public verification (no login, no personal data): `valid` only when the status is valid AND the signature stands. */
export async function verifyLicence(ctx: AppContext, number: string): Promise<PublicLicenceVerification> {
  const row = await repo.findByNumber(ctx.db, number);
  if (!row) throw new AppError('LICENCE_NOT_FOUND');
  const record = recordOf(row);
  const status = statusOf(row, today(ctx));
  const signatureValid = signatureStands(ctx, row);
  return {
    valid: status === 'valid' && signatureValid,
    status,
    holder: record.holderName,
    projectCode: record.projectCode,
    issuedAt: row.issuedAt.toISOString(),
    validUntil: row.validUntil,
    licenceTypeName: record.licenceTypeName,
    matterName: record.matterName,
    issuingDepartment: record.issuingDepartment,
    signatureValid,
  };
}

/**
 * Revocation and extension are the issuing department's, at its 签发 level: a department user of the case's department
 * holding the `sign` step. Anyone else gets 403 (the licence itself is public, so there is nothing to hide).
 */
async function loadManagedLicence(
  ctx: AppContext,
  actor: Actor,
  number: string,
): Promise<{ row: repo.LicenceRow; matterCode: string }> {
  const row = await repo.findByNumber(ctx.db, number);
  if (!row) throw new AppError('LICENCE_NOT_FOUND');
  const issuing = row.caseId ? await repo.findCaseDepartment(ctx.db, row.caseId) : undefined;
  if (
    actor.role !== 'department' ||
    !issuing ||
    actor.departmentId !== issuing.departmentId ||
    !actor.departmentSteps.includes('sign')
  ) {
    throw new AppError('FORBIDDEN', {
      message: '只有签发该证照的部门中具有签发权限的人员可以撤销或延期',
      messageEn: 'Only signing staff of the issuing department may revoke or extend this licence',
    });
  }
  return { row, matterCode: issuing.matterCode };
}

export async function revokeLicence(
  ctx: AppContext,
  actor: Actor,
  auditContext: AuditContext,
  number: string,
  input: { reason: string },
): Promise<LicenceView> {
  const { row } = await loadManagedLicence(ctx, actor, number);
  if (row.revokedOn !== null) {
    throw new AppError('LICENCE_RULE_VIOLATED', {
      message: `证照 ${number} 已于 ${row.revokedOn} 撤销`,
      messageEn: `Licence ${number} was already revoked on ${row.revokedOn}`,
    });
  }
  const reason = input.reason.trim();
  const updated = await runAuditedTransaction(ctx.db, ctx.clock, auditContext, (tx, recordAudit) =>
    revokeRow(tx, ctx, recordAudit, row, reason, actor.id),
  );
  return toView(updated, today(ctx));
}

/** Extends a licence's validity under its type's rule (核准: 条例673 art.12); 409 LICENCE_RULE_VIOLATED otherwise. */
export async function extendLicence(
  ctx: AppContext,
  actor: Actor,
  auditContext: AuditContext,
  number: string,
  input: { months: number; reason: string },
): Promise<LicenceView> {
  const { row, matterCode } = await loadManagedLicence(ctx, actor, number);
  const on = today(ctx);
  if (statusOf(row, on) === 'revoked') {
    throw new AppError('LICENCE_RULE_VIOLATED', {
      message: `证照 ${number} 已撤销，不能延期`,
      messageEn: `Licence ${number} is revoked and cannot be extended`,
    });
  }
  const calendar = await loadCalendar(ctx);
  const rules = extensionRulesFor(matterCode, row.licenceType);
  const { newValidUntil } = withDomainRule('LICENCE_RULE_VIOLATED', () =>
    checkLicenceExtension(
      { validUntil: row.validUntil, extensionsUsed: row.extensionsUsed, requestedOn: on, extendByMonths: input.months },
      calendar,
      rules,
    ),
  );
  const reason = input.reason.trim();
  const updated = await runAuditedTransaction(ctx.db, ctx.clock, auditContext, async (tx, recordAudit) => {
    const next = await repo.markExtended(tx, row.id, {
      validUntil: newValidUntil,
      extensionsUsed: row.extensionsUsed + 1,
    });
    await recordAudit({
      action: 'licence.extended',
      targetType: 'licence',
      targetId: row.id,
      before: { validUntil: row.validUntil, extensionsUsed: row.extensionsUsed },
      after: { validUntil: newValidUntil, extensionsUsed: next.extensionsUsed, months: input.months, reason },
    });
    await notify(tx, ctx, {
      userIds: await repo.applicantUserIds(tx, row.enterpriseId),
      kind: 'licence.extended',
      title: `电子证照已延期：${row.number}`,
      titleEn: `E-licence extended: ${row.number}`,
      body: `电子证照 ${row.number} 的有效期已延长 ${input.months} 个月，至 ${newValidUntil}。`,
      bodyEn: `The validity of e-licence ${row.number} was extended by ${input.months} month(s), to ${newValidUntil}.`,
      link: `/projects/${row.projectId}`,
    });
    return next;
  });
  return toView(updated, on);
}

/**
 * Whether a matter issues a licence when approved, by the case's (immutable) catalogue version — from the catalogue
 * cache, without a read of the case. A decision asks before `issueLicenceForCase`, which reads the case in full.
 */
export async function matterIssuesLicence(db: Db | Tx, catalogueVersion: string, matterCode: string): Promise<boolean> {
  const catalogue = await loadCatalogueVersion(db, catalogueVersion);
  if (!catalogue) throw new Error(`catalogue version ${catalogueVersion} is missing`);
  return Boolean(catalogue.matters.find((m) => m.code === matterCode)?.output);
}
