import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseProjectCode } from '@yiwang/domain';
import type { Db, Tx } from '../../db/database.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { COUNT_CAP } from '../../lib/capped-total.ts';
import type {
  FundSource,
  InvestmentNature,
  Procedure,
  ProjectFlag,
  ProjectStatus,
  ProjectType,
} from '../../db/schema/index.ts';
import {
  runAuditedTransaction,
  type AuditContext,
  type RecordAudit,
  type SendWithCommit,
} from '../audit/audit.service.ts';
import {
  authorisedEnterpriseIds,
  enterpriseIdOfUser,
  enterpriseOfUser,
  getEnterpriseName,
  isAgentAuthorised,
} from '../enterprises/enterprises.service.ts';
import { getRegion, isRegionWithin } from '../organisations/organisations.service.ts';
import { suggestProcedure, type ProcedureSuggestion } from './procedure.ts';
import { CodeSpaceExhaustedError, projectCodeIssuerFor } from './project-code-issuer.ts';
import { STAFF_READERS } from './projects.policy.ts';
import * as repo from './projects.repository.ts';

export interface ProjectInput {
  name?: string | undefined;
  regionCode?: string | undefined;
  address?: string | undefined;
  scaleAndContent?: string | undefined;
  totalInvestment?: number | undefined;
  fundSources?: FundSource[] | undefined;
  plannedStart?: string | undefined;
  plannedEnd?: string | undefined;
  industryCode?: string | undefined;
  projectType?: ProjectType | undefined;
  investmentNature?: InvestmentNature | undefined;
  flags?: ProjectFlag[] | undefined;
  industrialPolicyStatement?: boolean | undefined;
}

export interface ProjectView {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  name: string;
  regionCode: string | null;
  regionName: string | null;
  address: string | null;
  scaleAndContent: string | null;
  totalInvestment: number | null;
  fundSources: FundSource[];
  plannedStart: string | null;
  plannedEnd: string | null;
  industryCode: string | null;
  projectType: string | null;
  investmentNature: InvestmentNature | null;
  flags: string[];
  industrialPolicyStatement: boolean;
  procedure: Procedure | null;
  procedureReason: string | null;
  status: ProjectStatus;
  code: string | null;
  codedAt: string | null;
  filedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toView(row: {
  project: repo.ProjectRow;
  regionName: string | null;
  enterpriseName: string;
}): ProjectView {
  const p = row.project;
  return {
    id: p.id,
    enterpriseId: p.enterpriseId,
    enterpriseName: row.enterpriseName,
    name: p.name,
    regionCode: p.regionCode,
    regionName: row.regionName,
    address: p.address,
    scaleAndContent: p.scaleAndContent,
    totalInvestment: repo.numericToNumber(p.totalInvestment),
    fundSources: p.fundSources,
    plannedStart: p.plannedStart,
    plannedEnd: p.plannedEnd,
    industryCode: p.industryCode,
    projectType: p.projectType,
    investmentNature: p.investmentNature,
    flags: p.flags,
    industrialPolicyStatement: p.industrialPolicyStatement,
    procedure: p.procedure,
    procedureReason: p.procedureReason,
    status: p.status,
    code: p.code,
    codedAt: p.codedAt?.toISOString() ?? null,
    filedAt: p.filedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Cents-exact: at most two decimals (万元 to the 元 hundred). */
const hasAtMostTwoDecimals = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
const toCents = (value: number) => Math.round(value * 100);

/** Field checks the schema cannot express (region table, decimals, date order). Every problem at once. */
export async function checkInput(ctx: AppContext, input: ProjectInput, merged: ProjectInput): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (input.name !== undefined && input.name.trim() === '') {
    problems.push({ field: 'name', message: '项目名称不能为空', messageEn: 'name must not be blank' });
  }
  if (input.regionCode !== undefined && !(await getRegion(ctx.db, input.regionCode))) {
    problems.push({
      field: 'regionCode',
      message: `区划代码 ${input.regionCode} 不存在`,
      messageEn: `unknown region code ${input.regionCode}`,
    });
  }
  if (input.totalInvestment !== undefined && !hasAtMostTwoDecimals(input.totalInvestment)) {
    problems.push({
      field: 'totalInvestment',
      message: '总投资（万元）最多两位小数',
      messageEn: 'total investment (万元) has at most two decimals',
    });
  }
  input.fundSources?.forEach((source, i) => {
    if (!hasAtMostTwoDecimals(source.amount)) {
      problems.push({
        field: `fundSources.${i}.amount`,
        message: '金额（万元）最多两位小数',
        messageEn: 'amount (万元) has at most two decimals',
      });
    }
  });
  if (merged.plannedStart && merged.plannedEnd && merged.plannedEnd < merged.plannedStart) {
    problems.push({
      field: 'plannedEnd',
      message: '计划竣工日期不能早于计划开工日期',
      messageEn: 'planned end is before planned start',
    });
  }
  return problems;
}

async function catalogue(ctx: AppContext) {
  return repo.findRatificationCatalogue(ctx.db);
}

export async function procedureSuggestion(
  ctx: AppContext,
  input: { investmentNature?: InvestmentNature | undefined; industryCode?: string | undefined },
): Promise<ProcedureSuggestion> {
  return suggestProcedure(input, await catalogue(ctx));
}

export function rowFromInput(input: ProjectInput) {
  return {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.regionCode !== undefined ? { regionCode: input.regionCode } : {}),
    ...(input.address !== undefined ? { address: input.address.trim() } : {}),
    ...(input.scaleAndContent !== undefined ? { scaleAndContent: input.scaleAndContent.trim() } : {}),
    ...(input.totalInvestment !== undefined ? { totalInvestment: input.totalInvestment.toFixed(2) } : {}),
    ...(input.fundSources !== undefined
      ? { fundSources: input.fundSources.map((s) => ({ kind: s.kind, amount: toCents(s.amount) / 100 })) }
      : {}),
    ...(input.plannedStart !== undefined ? { plannedStart: input.plannedStart } : {}),
    ...(input.plannedEnd !== undefined ? { plannedEnd: input.plannedEnd } : {}),
    ...(input.industryCode !== undefined ? { industryCode: input.industryCode } : {}),
    ...(input.projectType !== undefined ? { projectType: input.projectType } : {}),
    ...(input.investmentNature !== undefined ? { investmentNature: input.investmentNature } : {}),
    ...(input.flags !== undefined ? { flags: input.flags } : {}),
    ...(input.industrialPolicyStatement !== undefined
      ? { industrialPolicyStatement: input.industrialPolicyStatement }
      : {}),
  };
}

/**
 * The enterprise the actor registers a project for: an applicant's own enterprise (an `enterpriseId` naming another is
 * refused); an agent names an enterprise that has authorised it (代办委托), or gets 400 on `enterpriseId`.
 */
async function actingEnterprise(
  ctx: AppContext,
  actor: Actor,
  requested: string | undefined,
): Promise<{ id: string; name: string }> {
  if (actor.role === 'agent') {
    if (!requested || !(await isAgentAuthorised(ctx.db, requested, actor.id))) {
      throw AppError.invalidField(
        'enterpriseId',
        requested ? '该项目单位未授权本代办账号' : '代办账号须指定已授权本账号的项目单位（enterpriseId）',
        requested
          ? 'this enterprise has not authorised this agent account'
          : 'an agent must name an enterprise that authorised it (enterpriseId)',
      );
    }
    return { id: requested, name: (await getEnterpriseName(ctx.db, requested)) ?? '' };
  }
  const enterprise = await enterpriseOfUser(ctx.db, actor.id);
  if (!enterprise) {
    throw AppError.invalidField(
      'enterprise',
      '当前账号未关联项目单位，请先完成项目单位注册',
      'this account is not linked to an enterprise; register the enterprise first',
    );
  }
  if (requested !== undefined && requested !== enterprise.id) {
    throw AppError.invalidField(
      'enterpriseId',
      '只能为本单位登记项目',
      'an applicant registers projects for its own enterprise only',
    );
  }
  return enterprise;
}

export async function createProject(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: ProjectInput & { name: string; enterpriseId?: string | undefined; submit?: boolean | undefined },
): Promise<ProjectView> {
  const enterprise = await actingEnterprise(ctx, actor, input.enterpriseId);
  const problems = await checkInput(ctx, input, input);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const suggestion = suggestProcedure(input, await catalogue(ctx));
  const now = ctx.clock.now();
  const registered = {
    ...rowFromInput(input),
    name: input.name.trim(),
    enterpriseId: enterprise.id,
    createdBy: actor.id,
    procedure: suggestion.procedure,
    procedureReason: suggestion.reason,
    createdAt: now,
    updatedAt: now,
  } satisfies repo.ProjectInsert;
  const insertDraft = draftInserter({ ...registered, status: 'draft' });
  // Only HTTP requests answer early (they have a request id); start-up seeding must see its own rows.
  if (ctx.config.unsafeAckBeforeCommit && audit.requestId !== null && !input.submit)
    return unsafeAckBeforeCommit(ctx, audit, insertDraft);
  let row: repo.ProjectRow;
  try {
    row = input.submit
      ? await registerCoded(ctx, audit, registered)
      : await runAuditedTransaction(ctx.db, ctx.clock, audit, insertDraft);
  } catch (error) {
    throw codeSpaceError(error);
  }
  // The answer is built from the inserted row (RETURNING) and names already known — no read-back (issue 6).
  return toView({ project: row, regionName: await regionNameOf(ctx, row.regionCode), enterpriseName: enterprise.name });
}

/**
 * A draft: one audited insert, edited and submitted later. Nothing waits on the insert's answer — the row is known
 * (newProjectRow) — so BEGIN, the insert, the audit row and COMMIT leave in one send.
 */
function draftInserter(draft: NewProject) {
  return async (tx: Tx, recordAudit: RecordAudit, sendWithCommit: SendWithCommit): Promise<repo.ProjectRow> => {
    const row = newProjectRow({ ...draft, id: crypto.randomUUID() });
    sendWithCommit(repo.projectInsert(tx, row));
    await recordAudit({ action: 'project.created', targetType: 'project', targetId: row.id, after: row });
    return row;
  };
}

/** A new project's values as registered: its times stated. */
type NewProject = repo.ProjectInsert & { createdAt: Date; updatedAt: Date };

/**
 * Every column of a new project, the absent ones at their schema defaults: inserted as such, so that the stored row is
 * this one (`ProjectRow` makes a column added to the table a compile error here until it is stated).
 */
function newProjectRow(values: NewProject & { id: string }): repo.ProjectRow {
  return {
    id: values.id,
    enterpriseId: values.enterpriseId,
    createdBy: values.createdBy,
    name: values.name,
    regionCode: values.regionCode ?? null,
    address: values.address ?? null,
    scaleAndContent: values.scaleAndContent ?? null,
    totalInvestment: values.totalInvestment ?? null,
    fundSources: values.fundSources ?? [],
    plannedStart: values.plannedStart ?? null,
    plannedEnd: values.plannedEnd ?? null,
    industryCode: values.industryCode ?? null,
    projectType: values.projectType ?? null,
    investmentNature: values.investmentNature ?? null,
    flags: values.flags ?? [],
    industrialPolicyStatement: values.industrialPolicyStatement ?? false,
    procedure: values.procedure ?? null,
    procedureReason: values.procedureReason ?? null,
    status: values.status ?? 'draft',
    code: values.code ?? null,
    codedAt: values.codedAt ?? null,
    filedAt: values.filedAt ?? null,
    createdAt: values.createdAt,
    updatedAt: values.updatedAt,
  };
}

/**
 * `submit: true` — registered and 赋码 in one transaction (issue 6: one request, one transaction). An incomplete project
 * is refused with every missing item before any transaction starts, so nothing is stored. A complete one is inserted
 * already coded: its code is drawn first for the id it is about to get (project_codes' reference to it is checked at
 * commit, migration 0016), so the project row and its thirteen indexes are written once instead of a draft insert plus
 * a 赋码 update. The audit trail is the same as draft + submit: created, coded (+ filed).
 */
async function registerCoded(ctx: AppContext, audit: AuditContext, registered: NewProject): Promise<repo.ProjectRow> {
  const missing = missingItems(registered);
  if (missing.length) throw new AppError('VALIDATION_FAILED', { fields: missing });
  const id = crypto.randomUUID();
  return runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit, sendWithCommit) => {
    const coding = await issueCode(ctx, tx, { ...registered, id });
    // The row is known: its insert leaves with the audit rows and COMMIT.
    const row = newProjectRow({ ...registered, id, ...coding.columns });
    sendWithCommit(repo.projectInsert(tx, row));
    await recordAudit({ action: 'project.created', targetType: 'project', targetId: id, after: row });
    await recordCoding(recordAudit, id, coding);
    return row;
  });
}

async function regionNameOf(ctx: AppContext, code: string | null): Promise<string | null> {
  return code ? ((await getRegion(ctx.db, code))?.name ?? null) : null;
}

/**
 * TEST-ONLY and UNSAFE (UNSAFE_ACK_BEFORE_COMMIT, refused in production, see config/env.ts): hands the new draft back
 * while its transaction is still open and commits ~300 ms later, so a crash in between loses an acknowledged write.
 * `npm run test:crash` runs with it to prove that its detector does catch such a loss.
 */
function unsafeAckBeforeCommit(
  ctx: AppContext,
  audit: AuditContext,
  insertDraft: (tx: Tx, recordAudit: RecordAudit, sendWithCommit: SendWithCommit) => Promise<repo.ProjectRow>,
): Promise<ProjectView> {
  return new Promise((resolve, reject) => {
    runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit, sendWithCommit) => {
      const { id } = await insertDraft(tx, recordAudit, sendWithCommit);
      resolve(toView((await repo.findProjectWithNames(tx, id))!));
      await sleep(300);
      return id;
    }).catch(reject); // after the early answer a late failure is exactly the loss this mode demonstrates
  });
}

/**
 * Who is told of what happens to a project (application steps, case decisions, 容缺 lapses): its creator, its
 * enterprise's active applicants and the agents it authorises — the owners of isOwner below — plus `extra` accounts
 * (e.g. an application's creator).
 */
export async function applicantSideUserIds(db: Db | Tx, projectId: string, extra: string[] = []): Promise<string[]> {
  return [...new Set([...extra, ...(await repo.findApplicantSideUserIds(db, projectId))])];
}

/** The same for the project of case `caseId`, in one statement with no read of the case first. */
export async function applicantSideUserIdsOfCase(db: Db | Tx, caseId: string): Promise<string[]> {
  return repo.findApplicantSideUserIdsOfCase(db, caseId);
}

/** Owners: the applicants of the project's enterprise (and its creator); agents while the enterprise authorises them. */
async function isOwner(db: Db | Tx, actor: Actor, project: repo.ProjectRow): Promise<boolean> {
  if (actor.role === 'agent') return isAgentAuthorised(db, project.enterpriseId, actor.id);
  if (project.createdBy === actor.id) return true;
  const enterpriseId = await enterpriseIdOfUser(db, actor.id);
  return enterpriseId !== null && enterpriseId === project.enterpriseId;
}

/**
 * Whether the actor may see the project: owners see theirs, drafts included; staff see submitted projects within their
 * region subtree. `db` is the caller's transaction when it holds one (PGlite has a single connection).
 */
async function isVisibleTo(db: Db | Tx, actor: Actor, project: repo.ProjectRow): Promise<boolean> {
  if (actor.role === 'applicant' || actor.role === 'agent') return isOwner(db, actor, project);
  if (!(STAFF_READERS as readonly string[]).includes(actor.role)) return false;
  const { regionCode, status } = project;
  return status !== 'draft' && regionCode !== null && isRegionWithin(db, regionCode, actor.regionCode);
}

/** A project the actor may see (isVisibleTo), or 404 (no existence leak). */
export async function loadVisibleProject(ctx: AppContext, actor: Actor, id: string) {
  const row = await repo.findVisibleProjectWithNames(ctx.db, id);
  if (!row || !(await isVisibleTo(ctx.db, actor, row.project))) throw new AppError('NOT_FOUND');
  return row;
}

/** Whether the actor acts on the project side (项目单位 or its 代办), as opposed to staff, banks or agencies. */
export const isProjectSideRole = (actor: Actor) => actor.role === 'applicant' || actor.role === 'agent';

/**
 * A project the actor owns — its enterprise's applicant, its creator, or an agent the enterprise authorises — else 404:
 * what is the unit's own (its financing, the agencies it engages) is not shown to staff in scope either.
 */
export async function loadOwnedProject(ctx: AppContext, actor: Actor, id: string) {
  if (!isProjectSideRole(actor)) throw new AppError('NOT_FOUND');
  return (await loadVisibleProject(ctx, actor, id)).project;
}

/** The project of application `applicationId` if the actor may see it (isVisibleTo), else undefined. */
export async function visibleProjectOfApplication(ctx: AppContext, actor: Actor, applicationId: string) {
  const row = await repo.findVisibleProjectWithNamesOfApplication(ctx.db, applicationId);
  return row && (await isVisibleTo(ctx.db, actor, row.project)) ? row : undefined;
}

export async function getProject(ctx: AppContext, actor: Actor, id: string): Promise<ProjectView> {
  return toView(await loadVisibleProject(ctx, actor, id));
}

export async function listOwnProjects(
  ctx: AppContext,
  actor: Actor,
  query: { page: number; pageSize: number; status?: ProjectStatus | undefined },
): Promise<{ items: ProjectView[]; total: number; totalIsLowerBound: boolean }> {
  const problems = beyondListWindow(query);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const owner =
    actor.role === 'agent'
      ? { enterpriseIds: await authorisedEnterpriseIds(ctx.db, actor.id) }
      : { enterpriseIds: [await enterpriseIdOfUser(ctx.db, actor.id)].filter((e) => e !== null), createdBy: actor.id };
  const { rows, total, capped } = await repo.findOwnProjects(
    ctx.db,
    owner,
    { status: query.status },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { items: rows.map(toView), total, totalIsLowerBound: capped };
}

/** 我的项目 pages through the first COUNT_CAP projects, as the staff search does; beyond, a status narrows the list. */
function beyondListWindow(query: { page: number; pageSize: number }): FieldError[] {
  if (query.page * query.pageSize <= COUNT_CAP) return [];
  const window = COUNT_CAP.toLocaleString('en');
  return [
    {
      field: 'page',
      message: `最多可查看前 ${window} 个项目，请按状态筛选`,
      messageEn: `only the first ${window} projects can be paged through; filter by status`,
    },
  ];
}

export const notADraft = () =>
  new AppError('CONFLICT', {
    message: '只有草稿可以修改或提交；已赋码项目请通过项目信息变更办理',
    messageEn: 'only a draft can be edited or submitted; a coded project changes through a change request',
  });

export async function updateProject(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: ProjectInput,
): Promise<ProjectView> {
  const { project } = await loadVisibleProject(ctx, actor, id);
  if (project.status !== 'draft') throw notADraft();
  const merged: ProjectInput = {
    plannedStart: input.plannedStart ?? project.plannedStart ?? undefined,
    plannedEnd: input.plannedEnd ?? project.plannedEnd ?? undefined,
  };
  const problems = await checkInput(ctx, input, merged);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const changes = rowFromInput(input);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockProject(tx, id);
    if (!locked || locked.status !== 'draft') throw notADraft();
    const next = { ...locked, ...changes };
    const suggestion = suggestProcedure(next, await repo.findRatificationCatalogue(tx));
    const patch = {
      ...changes,
      procedure: suggestion.procedure,
      procedureReason: suggestion.reason,
      updatedAt: ctx.clock.now(),
    };
    if (next.plannedStart && next.plannedEnd && next.plannedEnd < next.plannedStart) {
      throw AppError.invalidField(
        'plannedEnd',
        '计划竣工日期不能早于计划开工日期',
        'planned end is before planned start',
      );
    }
    await repo.updateProject(tx, id, patch);
    const before = Object.fromEntries(
      Object.keys(patch)
        .filter((k) => k !== 'updatedAt')
        .map((k) => [k, locked[k as keyof repo.ProjectRow]]),
    );
    await recordAudit({ action: 'project.updated', targetType: 'project', targetId: id, before, after: patch });
  });
  return getProject(ctx, actor, id);
}

type CompletenessFields = Pick<
  repo.ProjectInsert,
  | 'regionCode'
  | 'address'
  | 'scaleAndContent'
  | 'totalInvestment'
  | 'plannedStart'
  | 'plannedEnd'
  | 'industryCode'
  | 'projectType'
  | 'investmentNature'
  | 'fundSources'
  | 'procedure'
  | 'industrialPolicyStatement'
>;

/**
 * The information items a submission needs (DOMAIN.md §3); every missing one is named at once. Takes a stored row or
 * the values about to be inserted (absent = not given).
 */
export function missingItems(p: CompletenessFields): FieldError[] {
  const missing: FieldError[] = [];
  const need = (field: string, label: string, present: unknown) => {
    if (present === null || present === undefined || present === '' || present === false) {
      missing.push({ field, message: `提交前请填写${label}`, messageEn: `${field} is required to submit` });
    }
  };
  need('regionCode', '建设地点区划', p.regionCode);
  need('address', '详细地址', p.address);
  need('scaleAndContent', '建设规模及内容', p.scaleAndContent);
  need('totalInvestment', '总投资', p.totalInvestment);
  need('plannedStart', '计划开工日期', p.plannedStart);
  need('plannedEnd', '计划竣工日期', p.plannedEnd);
  need('industryCode', '国民经济行业分类代码', p.industryCode);
  need('projectType', '项目类型', p.projectType);
  need('investmentNature', '投资性质', p.investmentNature);
  const fundSources = p.fundSources ?? [];
  if (fundSources.length === 0) {
    missing.push({
      field: 'fundSources',
      message: '提交前请填写资金来源',
      messageEn: 'fundSources is required to submit',
    });
  } else if (p.totalInvestment !== null && p.totalInvestment !== undefined) {
    const sum = fundSources.reduce((acc, s) => acc + toCents(s.amount), 0);
    if (sum !== toCents(Number(p.totalInvestment))) {
      missing.push({
        field: 'fundSources',
        message: `资金来源合计 ${(sum / 100).toFixed(2)} 万元，与总投资 ${p.totalInvestment} 万元不一致`,
        messageEn: `fund sources add up to ${(sum / 100).toFixed(2)}, not the total investment ${p.totalInvestment}`,
      });
    }
  }
  if (p.procedure === 'filing' && !p.industrialPolicyStatement) {
    missing.push({
      field: 'industrialPolicyStatement',
      message: '备案项目须声明符合国家产业政策',
      messageEn: 'a filing needs the statement that the project complies with industrial policy',
    });
  }
  return missing;
}

/**
 * Submission of a saved draft: the draft locked (a double click gets one code), then codeDraft — completeness, 赋码, a
 * complete 备案 filed at once — all in one audited transaction.
 */
export async function submitProject(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<ProjectView> {
  let visible: repo.ProjectWithNames | undefined;
  let coded: repo.ProjectRow;
  try {
    coded = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit, sendWithCommit) => {
      // Locked with its names and checked on the locked row: no separate read before the transaction (issue 6).
      visible = await repo.lockProjectWithNames(tx, id);
      if (!visible || !(await isVisibleTo(tx, actor, visible.project))) throw new AppError('NOT_FOUND');
      if (visible.project.status !== 'draft') throw notADraft();
      return codeDraft(ctx, tx, recordAudit, sendWithCommit, visible.project);
    });
  } catch (error) {
    throw codeSpaceError(error);
  }
  // The names (region, enterprise) do not change on submission: the answer is the locked read plus the updated row.
  return toView({ ...visible!, project: coded });
}

/**
 * 赋码 of a draft inside the caller's transaction: completeness check (400 naming every missing item), the code from the
 * ProjectCodeIssuer port, and a complete 备案 project filed at once (条例673 art.13: receiving the four items is the
 * filing); 审批/核准 projects are coded and go on to their procedures. Audited as project.coded (+ project.filed).
 */
async function codeDraft(
  ctx: AppContext,
  tx: Tx,
  recordAudit: RecordAudit,
  sendWithCommit: SendWithCommit,
  project: repo.ProjectRow,
): Promise<repo.ProjectRow> {
  const suggestion = suggestProcedure(project, await repo.findRatificationCatalogue(tx));
  const current = { ...project, procedure: suggestion.procedure, procedureReason: suggestion.reason };
  const missing = missingItems(current);
  if (missing.length) throw new AppError('VALIDATION_FAILED', { fields: missing });
  const coding = await issueCode(ctx, tx, current);
  const patch = {
    ...coding.columns,
    procedure: current.procedure,
    procedureReason: current.procedureReason,
    updatedAt: coding.columns.codedAt,
  };
  // `project` is the row as locked: with the patch applied it is the row as updated, so the update needs no RETURNING
  // and leaves with the audit rows and COMMIT.
  sendWithCommit(repo.projectUpdate(tx, project.id, patch));
  await recordCoding(recordAudit, project.id, coding);
  return { ...project, ...patch };
}

interface Coding {
  issuer: string;
  procedure: Procedure;
  columns: { code: string; status: 'coded' | 'filed'; codedAt: Date; filedAt: Date | null };
}

/** Draws the project's code (recorded in project_codes by the issuer) and the columns that make the row coded. */
async function issueCode(
  ctx: AppContext,
  tx: Tx,
  project: Pick<repo.ProjectInsert, 'regionCode' | 'projectType' | 'procedure'> & { id: string },
): Promise<Coding> {
  const issuer = projectCodeIssuerFor(ctx);
  const code = await issuer.issue(tx, {
    projectId: project.id,
    regionCode: project.regionCode!,
    projectTypeCode: project.projectType!,
  });
  const now = ctx.clock.now();
  const filed = project.procedure === 'filing';
  return {
    issuer: issuer.name,
    procedure: project.procedure!,
    columns: { code, status: filed ? 'filed' : 'coded', codedAt: now, filedAt: filed ? now : null },
  };
}

async function recordCoding(recordAudit: RecordAudit, projectId: string, coding: Coding): Promise<void> {
  const { code, filedAt } = coding.columns;
  await recordAudit({
    action: 'project.coded',
    targetType: 'project',
    targetId: projectId,
    before: { status: 'draft' },
    after: { status: 'coded', code, issuer: coding.issuer, procedure: coding.procedure },
  });
  if (filedAt) {
    await recordAudit({
      action: 'project.filed',
      targetType: 'project',
      targetId: projectId,
      before: { status: 'coded' },
      after: { status: 'filed', code, filedAt: filedAt.toISOString() },
    });
  }
}

/** The code space of a month and region nearly used up: 503 with advice, not a 500. Other errors pass through. */
function codeSpaceError(error: unknown): unknown {
  if (!(error instanceof CodeSpaceExhaustedError)) return error;
  return new AppError('SERVICE_UNAVAILABLE', {
    message: '本月该区划项目代码号段已接近用尽，请稍后重试或联系管理员',
    messageEn: 'the code space for this month and region is nearly exhausted; retry or contact the administrator',
  });
}

export interface CodeLookup {
  valid: boolean;
  format?: 'current' | 'legacy';
  reason?: string;
  reasonEn?: string;
  project?: {
    code: string;
    name: string;
    status: ProjectStatus;
    regionCode: string;
    regionName: string;
    procedure: Procedure;
    filedAt: string | null;
  };
}

/**
 * Public verification of a project code (条例673 art.4 / 条例712 art.10: a department refuses a code that fails it):
 * both formats via packages/domain, then whether it is registered on this platform. Never an error status for a bad
 * code: `valid: false` with the reason.
 */
export async function lookupProjectCode(ctx: AppContext, raw: string): Promise<CodeLookup> {
  const parsed = parseProjectCode(raw);
  if (!parsed.valid) {
    return {
      valid: false,
      ...(parsed.format ? { format: parsed.format } : {}),
      reason: parsed.reason,
      reasonEn: parsed.reasonEn,
    };
  }
  const row = await repo.findPublicProjectByCode(ctx.db, parsed.code);
  if (!row || !row.regionCode || !row.procedure) return { valid: true, format: parsed.format };
  return {
    valid: true,
    format: parsed.format,
    project: {
      code: row.code,
      name: row.name,
      status: row.status,
      regionCode: row.regionCode,
      regionName: row.regionName ?? '',
      procedure: row.procedure,
      filedAt: row.filedAt?.toISOString() ?? null,
    },
  };
}
