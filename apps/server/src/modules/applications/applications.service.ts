/**
 * Stage applications (一表申报, 国办发〔2019〕11号: per stage one window, one guide, one form, one set of materials),
 * applicant side: the stage form, drafts, materials (upload, material package, licence package, same-stage output),
 * 告知承诺 signing, submission, supplement after a 补正 notice, withdrawal — plus the shared views and the seams the
 * cases module calls (`getApplicationSummary`, `markApplicationCompleted`).
 *
 * Every state move goes through the domain's `nextApplicationState`; every state change is one audited transaction.
 */
import crypto from 'node:crypto';
import {
  buildStageForm,
  creditPrivileges,
  correctionDeadline,
  DEFAULT_CREDIT_POLICY,
  DomainError,
  isCivilDate,
  nextApplicationState,
  shanghaiCivilDate,
  type ApplicabilityProject,
  type ApplicationEvent,
  type ApplicationState,
  type Catalogue,
  type CreditPrivileges,
  type StageForm,
  type StageFormMaterial,
} from '@yiwang/domain';
import { concurrently } from '../../db/concurrently.ts';
import type { Db, Tx } from '../../db/database.ts';
import type { ApplicationMaterialStatus, CorrectionItem, MaterialProvisionKind } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError, type FieldError } from '../../lib/app-error.ts';
import type { Changed } from '../../lib/prefer.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { withDomainRule } from '../../lib/domain-errors.ts';
import {
  runAuditedTransaction,
  type AuditContext,
  type PendingStatement,
  type SendWithCommit,
} from '../audit/audit.service.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { calendarFor } from '../cases/case-clock.ts';
import { loadCatalogueVersion, loadCurrentCatalogue } from '../catalogue/catalogue.service.ts';
import {
  checkUpload,
  cleanFileName,
  getProjectMaterials,
  listMaterialPackage,
  provideProjectMaterial,
  type ProjectMaterialView,
} from '../files/files.service.ts';
import { listHeldLicenceTypes } from '../licences/licences.service.ts';
import { noticeStatements, notify, type NoticeInput } from '../notifications/notifications.service.ts';
import { applicantSideUserIds, loadVisibleProject, visibleProjectOfApplication } from '../projects/projects.service.ts';
import * as repo from './applications.repository.ts';

export type FormValue = string | number | boolean | null;
type VisibleProject = Awaited<ReturnType<typeof loadVisibleProject>>;
type ProjectRecord = VisibleProject['project'];

export const STAFF_ROLES = ['window', 'department', 'supervisor'] as const;
const isStaff = (actor: Actor) => (STAFF_ROLES as readonly string[]).includes(actor.role);

/** Today's civil date in Asia/Shanghai, from the injected clock. */
export const todayOf = (ctx: AppContext) => shanghaiCivilDate(ctx.clock.now().getTime());

// ── catalogue, packages, form ──

/** The catalogue version an application follows for its whole life. */
export async function catalogueOf(db: Db | Tx, version: string): Promise<Catalogue> {
  const catalogue = await loadCatalogueVersion(db, version);
  if (!catalogue) throw new Error(`catalogue version ${version} is missing`);
  return catalogue;
}

export interface HeldPackagesView {
  materials: ProjectMaterialView[];
  licences: { licenceType: string; licenceId: string; number: string }[];
}

/** What the project already holds (材料包, 证照库) on `today`. */
export async function heldPackagesOf(db: Db | Tx, projectId: string, today: string): Promise<HeldPackagesView> {
  const [materials, licences] = await concurrently([
    listMaterialPackage(db, projectId, today),
    listHeldLicenceTypes(db, projectId, today),
  ]);
  return { materials, licences };
}

function checkFacts(catalogue: Catalogue, facts: readonly string[]): void {
  const known = new Set(catalogue.facts.map((f) => f.code));
  const problems: FieldError[] = [];
  facts.forEach((fact, i) => {
    if (!known.has(fact)) {
      problems.push({
        field: `facts.${i}`,
        message: `项目情况「${fact}」不在事项目录 ${catalogue.version} 中`,
        messageEn: `fact "${fact}" is not declared in catalogue ${catalogue.version}`,
      });
    }
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
}

/** The applicability view of the project: its record (procedure, nature, industry, investment, flags) + declared facts. */
function applicabilityOf(project: ProjectRecord, facts: readonly string[]): ApplicabilityProject {
  if (!project.procedure || !project.investmentNature) throw new AppError('PROJECT_PROCEDURE_UNKNOWN');
  return {
    procedure: project.procedure,
    investmentNature: project.investmentNature,
    industryCode: project.industryCode,
    totalInvestmentWan: project.totalInvestment === null ? null : Number(project.totalInvestment),
    flags: [...new Set([...project.flags, ...facts])],
  };
}

export function formFor(
  catalogue: Catalogue,
  stageCode: string,
  project: ProjectRecord,
  facts: readonly string[],
  held: HeldPackagesView,
): StageForm {
  try {
    return buildStageForm(catalogue, stageCode, applicabilityOf(project, facts), {
      materialCodes: held.materials.map((m) => m.materialCode),
      licenceTypes: held.licences.map((l) => l.licenceType),
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'STAGE_UNKNOWN') {
      throw AppError.invalidField('stageCode', error.message, error.messageEn);
    }
    throw error;
  }
}

/** The matters of the application that list a material (catalogue order). */
export function mattersListing(catalogue: Catalogue, matterCodes: readonly string[], materialCode: string): string[] {
  const inApplication = new Set(matterCodes);
  return catalogue.matters
    .filter((m) => inApplication.has(m.code) && m.materialCodes.includes(materialCode))
    .map((m) => m.code);
}

export interface StageFormView extends StageForm {
  held: {
    materials: {
      materialCode: string;
      projectMaterialId: string;
      fileName: string;
      uploadedAt: string;
      validUntil: string | null;
    }[];
    licences: { licenceType: string; number: string }[];
  };
}

function formView(form: StageForm, held: HeldPackagesView): StageFormView {
  return {
    ...form,
    held: {
      materials: held.materials.map((m) => ({
        materialCode: m.materialCode,
        projectMaterialId: m.projectMaterialId,
        fileName: m.fileName,
        uploadedAt: m.uploadedAt,
        validUntil: m.validUntil,
      })),
      licences: held.licences.map((l) => ({ licenceType: l.licenceType, number: l.number })),
    },
  };
}

/** GET /api/projects/:id/stage-form — what the stage would ask of this project, with what it already holds. */
export async function getStageForm(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
  query: { stageCode: string; facts: string[] },
): Promise<StageFormView> {
  const { project } = await loadVisibleProject(ctx, actor, projectId);
  const { catalogue } = await loadCurrentCatalogue(ctx);
  checkFacts(catalogue, query.facts);
  const held = await heldPackagesOf(ctx.db, projectId, todayOf(ctx));
  return formView(formFor(catalogue, query.stageCode, project, query.facts, held), held);
}

// ── credit ──

export async function creditOf(db: Db | Tx, enterpriseId: string, today: string): Promise<CreditPrivileges> {
  const grades = await repo.findCreditGrades(db, enterpriseId);
  return creditPrivileges(
    grades.map((g) => ({ scheme: g.scheme, grade: g.grade, source: g.source, validUntil: g.validUntil })),
    today,
    DEFAULT_CREDIT_POLICY,
  );
}

// ── materials ──

/**
 * Brings the application's one set of materials in line with the form: each material once, provided from the licence
 * package, the material package or a same-stage result where possible ("两个不得"), else to upload. A material already
 * uploaded with this application stays as uploaded; signed commitments are kept.
 */
async function syncMaterials(
  tx: Tx,
  ctx: AppContext,
  applicationId: string,
  form: StageForm,
  held: HeldPackagesView,
): Promise<void> {
  const existing = await repo.findMaterials(tx, applicationId);
  // One row each, no row touched twice: the writes need no answer of each other and leave together.
  await concurrently(
    materialSyncStatements(tx, ctx, applicationId, form, held, existing).map((statement) => statement.execute()),
  );
}

/**
 * The writes that bring the application's material rows (`existing`) in line with its form, not sent yet: one upsert
 * per planned material, one delete of those no longer in the form. An uploaded file already linked stays as it is.
 */
function materialSyncStatements(
  tx: Tx,
  ctx: AppContext,
  applicationId: string,
  form: StageForm,
  held: HeldPackagesView,
  existing: readonly repo.ApplicationMaterialRow[],
): PendingStatement[] {
  const current = new Map(existing.map((r) => [r.materialCode, r]));
  const inForm = new Set(form.materials.map((m) => m.code));
  const planned = form.materials.filter((m) => {
    const row = current.get(m.code);
    return !(row && row.provision === 'upload' && row.status === 'provided' && row.projectMaterialId);
  });
  return [
    ...materialRowsOf(applicationId, planned, held, ctx.clock.now()).map((row) => repo.materialUpsert(tx, row)),
    ...repo.materialsDelete(
      tx,
      applicationId,
      [...current.keys()].filter((code) => !inForm.has(code)),
    ),
  ];
}

/** The application's material rows as its form plans them (the held packages reused: 两个不得). */
function materialRowsOf(
  applicationId: string,
  materials: readonly StageFormMaterial[],
  held: HeldPackagesView,
  now: Date,
): repo.MaterialInsert[] {
  return materials.map((m) => ({
    applicationId,
    materialCode: m.code,
    ...plannedMaterial(m, held),
    commitmentText: m.commitmentText,
    updatedAt: now,
  }));
}

function plannedMaterial(
  m: StageFormMaterial,
  held: HeldPackagesView,
): {
  provision: MaterialProvisionKind;
  status: ApplicationMaterialStatus;
  projectMaterialId: string | null;
  licenceId: string | null;
} {
  switch (m.provision) {
    case 'licencePackage':
      return {
        provision: 'licencePackage',
        status: 'provided',
        projectMaterialId: null,
        licenceId: held.licences.find((l) => l.licenceType === m.satisfiedByLicenceType)?.licenceId ?? null,
      };
    case 'sameStageOutput':
      // Issued by a matter of this same form: pre-reviewed in parallel, decided when the result arrives.
      return { provision: 'sameStageOutput', status: 'pending', projectMaterialId: null, licenceId: null };
    case 'materialPackage':
      return {
        provision: 'materialPackage',
        status: 'provided',
        projectMaterialId: held.materials.find((h) => h.materialCode === m.code)?.projectMaterialId ?? null,
        licenceId: null,
      };
    case 'upload':
      return { provision: 'upload', status: 'missing', projectMaterialId: null, licenceId: null };
  }
}

// ── views ──

export interface ApplicationMaterialView {
  materialCode: string;
  name: string;
  required: boolean;
  main: boolean;
  tolerable: boolean;
  commitmentText: string | null;
  matterCodes: string[];
  provision: MaterialProvisionKind;
  status: ApplicationMaterialStatus;
  file: {
    projectMaterialId: string;
    fileName: string;
    sizeBytes: number;
    mediaType: string;
    sha256: string;
    uploadedAt: string;
  } | null;
  licence: { number: string } | null;
  committedAt: string | null;
}

export interface CorrectionNoticeView {
  id: string;
  items: CorrectionItem[];
  issuedAt: string;
  issuedOn: string;
  supplementedAt: string | null;
  supplementedOn: string | null;
}

export interface CaseSummaryView {
  id: string;
  caseNumber: string;
  matterCode: string;
  matterName: string;
  departmentName: string;
  status: string;
  currentStep: string;
  currentStepName: string | null;
  deadline: string | null;
  decision: string | null;
  decidedOn: string | null;
}

export interface ApplicationDetail {
  id: string;
  projectId: string;
  projectCode: string | null;
  projectName: string;
  enterpriseName: string;
  stageCode: string;
  stageName: string;
  catalogueVersion: string;
  status: ApplicationState;
  acceptanceMode: string | null;
  priority: boolean;
  facts: string[];
  formData: Record<string, FormValue>;
  matterCodes: string[];
  form: StageForm;
  materials: ApplicationMaterialView[];
  corrections: CorrectionNoticeView[];
  cases: CaseSummaryView[];
  submittedAt: string | null;
  submittedOn: string | null;
  correctionDueOn: string | null;
  acceptedOn: string | null;
  deemedAccepted: boolean;
  receiptNumber: string | null;
  rejectionReason: string | null;
  toleranceDueOn: string | null;
  completedAt: string | null;
  credit: CreditPrivileges;
}

export interface ApplicationListItem {
  id: string;
  stageCode: string;
  stageName: string;
  status: ApplicationState;
  acceptanceMode: string | null;
  submittedOn: string | null;
  acceptedOn: string | null;
  receiptNumber: string | null;
  matterCount: number;
  createdAt: string;
}

async function materialViews(
  db: Db | Tx,
  catalogue: Catalogue,
  app: repo.ApplicationRow,
  matterCodes: readonly string[],
  held: HeldPackagesView,
): Promise<ApplicationMaterialView[]> {
  const rows = await repo.findMaterials(db, app.id);
  const files = new Map(
    (
      await getProjectMaterials(
        db,
        rows.map((r) => r.projectMaterialId).filter((id): id is string => id !== null),
      )
    ).map((f) => [f.projectMaterialId, f]),
  );
  const byCode = new Map(catalogue.materials.map((m) => [m.code, m]));
  const order = new Map(catalogue.materials.map((m, i) => [m.code, i]));
  return rows
    .sort((a, b) => (order.get(a.materialCode) ?? 0) - (order.get(b.materialCode) ?? 0))
    .map((r) => {
      const material = byCode.get(r.materialCode);
      const file = r.projectMaterialId ? files.get(r.projectMaterialId) : undefined;
      const licence = r.licenceId ? held.licences.find((l) => l.licenceId === r.licenceId) : undefined;
      return {
        materialCode: r.materialCode,
        name: material?.name ?? r.materialCode,
        required: material?.required ?? true,
        main: material?.main ?? false,
        tolerable: material?.tolerable ?? false,
        commitmentText: r.commitmentText,
        matterCodes: mattersListing(catalogue, matterCodes, r.materialCode),
        provision: r.provision,
        status: r.status,
        file: file
          ? {
              projectMaterialId: file.projectMaterialId,
              fileName: file.fileName,
              sizeBytes: file.sizeBytes,
              mediaType: file.mediaType,
              sha256: file.sha256,
              uploadedAt: file.uploadedAt,
            }
          : null,
        licence: licence ? { number: licence.number } : null,
        committedAt: r.committedAt?.toISOString() ?? null,
      };
    });
}

function noticeView(n: repo.CorrectionNoticeRow): CorrectionNoticeView {
  return {
    id: n.id,
    items: n.items,
    issuedAt: n.issuedAt.toISOString(),
    issuedOn: n.issuedOn,
    supplementedAt: n.supplementedAt?.toISOString() ?? null,
    supplementedOn: n.supplementedOn,
  };
}

export async function caseSummaries(db: Db | Tx, applicationId: string): Promise<CaseSummaryView[]> {
  return (await repo.findCasesOfApplication(db, applicationId)).map((c) => ({
    id: c.id,
    caseNumber: c.caseNumber,
    matterCode: c.matterCode,
    matterName: c.matterName,
    departmentName: c.departmentName,
    status: c.status,
    currentStep: c.currentStep,
    currentStepName: c.steps.find((s) => s.code === c.currentStep)?.name ?? null,
    deadline: c.deadline,
    decision: c.decision,
    decidedOn: c.decidedOn,
  }));
}

/**
 * Parts of an application's detail that the caller has read already in this request — the very values its write was
 * based on — so the answer to a write does not read them again (issue 6: statements per request).
 */
export interface KnownDetailParts {
  catalogue?: Catalogue;
  held?: HeldPackagesView;
  credit?: CreditPrivileges;
}

export async function applicationDetail(
  ctx: AppContext,
  app: repo.ApplicationRow,
  project: VisibleProject,
  known: KnownDetailParts = {},
): Promise<ApplicationDetail> {
  const today = todayOf(ctx);
  const catalogue = known.catalogue ?? (await catalogueOf(ctx.db, app.catalogueVersion));
  const held = known.held ?? (await heldPackagesOf(ctx.db, app.projectId, today));
  const form = formFor(catalogue, app.stageCode, project.project, app.facts, held);
  const matterCodes = app.status === 'draft' ? form.matters.map((m) => m.code) : app.matterCodes;
  const [materials, notices, caseRows, credit] = await Promise.all([
    materialViews(ctx.db, catalogue, app, matterCodes, held),
    repo.findNotices(ctx.db, app.id),
    caseSummaries(ctx.db, app.id),
    known.credit ?? creditOf(ctx.db, project.project.enterpriseId, today),
  ]);
  return {
    id: app.id,
    projectId: app.projectId,
    projectCode: project.project.code,
    projectName: project.project.name,
    enterpriseName: project.enterpriseName,
    stageCode: app.stageCode,
    stageName: form.stageName,
    catalogueVersion: app.catalogueVersion,
    status: app.status,
    acceptanceMode: app.acceptanceMode,
    priority: app.priority,
    facts: app.facts,
    formData: app.formData,
    matterCodes,
    form,
    materials,
    corrections: notices.map(noticeView),
    cases: caseRows,
    submittedAt: app.submittedAt?.toISOString() ?? null,
    submittedOn: app.submittedOn,
    correctionDueOn: app.correctionDueOn,
    acceptedOn: app.acceptedOn,
    deemedAccepted: app.deemedAccepted,
    receiptNumber: app.receiptNumber,
    rejectionReason: app.rejectionReason,
    toleranceDueOn: app.toleranceDueOn,
    completedAt: app.completedAt?.toISOString() ?? null,
    credit,
  };
}

// ── access ──

/**
 * An application the actor may see, with its project, or 404: owners see theirs (drafts included); staff see those of
 * projects in their region subtree, never drafts (the same rule as projects, so existence does not leak).
 */
export async function loadVisibleApplication(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ app: repo.ApplicationRow; project: VisibleProject }> {
  // Both reads at once: the project's is found from the application's id (prepared, on the point-read connection).
  const [app, project] = await Promise.all([
    repo.findApplicationById(ctx.db, id),
    visibleProjectOfApplication(ctx, actor, id),
  ]);
  if (!app || !project) throw new AppError('NOT_FOUND');
  if (isStaff(actor) && app.status === 'draft') throw new AppError('NOT_FOUND');
  return { app, project };
}

export async function getApplication(ctx: AppContext, actor: Actor, id: string): Promise<ApplicationDetail> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  return applicationDetail(ctx, app, project);
}

/** Re-reads the application after a change and returns its detail. */
async function reload(ctx: AppContext, id: string, project: VisibleProject): Promise<ApplicationDetail> {
  return applicationDetail(ctx, (await repo.findApplication(ctx.db, id))!, project);
}

export async function listProjectApplications(
  ctx: AppContext,
  actor: Actor,
  projectId: string,
): Promise<{ items: ApplicationListItem[] }> {
  await loadVisibleProject(ctx, actor, projectId);
  const rows = (await repo.findApplicationsOfProject(ctx.db, projectId)).filter(
    (a) => !(isStaff(actor) && a.status === 'draft'),
  );
  const names = new Map<string, string>();
  for (const version of new Set(rows.map((r) => r.catalogueVersion))) {
    const catalogue = await catalogueOf(ctx.db, version);
    for (const s of catalogue.stages) names.set(`${version}/${s.code}`, s.name);
  }
  return {
    items: rows.map((a) => ({
      id: a.id,
      stageCode: a.stageCode,
      stageName: names.get(`${a.catalogueVersion}/${a.stageCode}`) ?? a.stageCode,
      status: a.status,
      acceptanceMode: a.acceptanceMode,
      submittedOn: a.submittedOn,
      acceptedOn: a.acceptedOn,
      receiptNumber: a.receiptNumber,
      matterCount: a.matterCodes.length,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

/** The state after `event`, or 409 STATE_TRANSITION_INVALID with the domain's message. */
export function transition(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  return withDomainRule('STATE_TRANSITION_INVALID', () => nextApplicationState(state, event));
}

// ── applicant actions ──

/**
 * 条例673 art.4 / 条例712 art.10: a matter is applied for only with a verified project code — the project coded or filed
 * (not a draft, not voided) and its code active in the register.
 */
async function assertCodeVerified(db: Db | Tx, project: ProjectRecord): Promise<void> {
  const coded = project.status === 'coded' || project.status === 'filed';
  if (!coded || !project.code || !(await repo.isCodeActive(db, project.id, project.code))) {
    throw new AppError('PROJECT_CODE_NOT_VERIFIED');
  }
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return (cause as { code?: unknown }).code === '23505';
}

/** A check's refusal as a value (null when it passed), so that checks can run together and still refuse in order. */
function refusalOf(check: Promise<unknown>): Promise<unknown> {
  return check.then(
    () => null,
    (refusal: unknown) => refusal,
  );
}

export async function createApplication(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  projectId: string,
  input: { stageCode: string; facts: string[] },
): Promise<Changed<ApplicationDetail>> {
  const visible = await loadVisibleProject(ctx, actor, projectId);
  const { project } = visible;
  const today = todayOf(ctx);
  // The reads the checks need, issued together (each a round trip of its own before); the refusals keep their order.
  const [codeRefusal, { version, catalogue }, held] = await Promise.all([
    refusalOf(assertCodeVerified(ctx.db, project)),
    loadCurrentCatalogue(ctx),
    heldPackagesOf(ctx.db, projectId, today),
  ]);
  if (codeRefusal) throw codeRefusal;
  const facts = [...new Set(input.facts)];
  checkFacts(catalogue, facts);
  const form = formFor(catalogue, input.stageCode, project, facts, held);
  if (form.matters.length === 0) throw new AppError('STAGE_HAS_NO_MATTERS');
  const now = ctx.clock.now();
  const id = crypto.randomUUID();
  try {
    const { inserted } = await runAuditedTransaction(
      ctx.db,
      ctx.clock,
      audit,
      async (tx, recordAudit, sendWithCommit) => {
        // Nothing here waits on the inserts' answers: the application, its materials (after it: their foreign key), the
        // audit row and COMMIT leave in one send with BEGIN — one round trip for the whole transaction.
        const answers = sendWithCommit(
          repo.applicationInsert(tx, {
            id,
            projectId,
            stageCode: input.stageCode,
            catalogueVersion: version,
            status: 'draft',
            facts,
            formData: {},
            matterCodes: form.matters.map((m) => m.code),
            regionCode: project.regionCode!,
            createdBy: actor.id,
            createdAt: now,
            updatedAt: now,
          }),
          ...repo.materialsInsert(tx, materialRowsOf(id, form.materials, held, now)),
        );
        await recordAudit({
          action: 'application.draft_saved',
          targetType: 'stage_application',
          targetId: id,
          after: { projectId, stageCode: input.stageCode, catalogueVersion: version, facts, created: true },
        });
        // In an object: a promise returned as such would be awaited by the transaction before its COMMIT.
        return { inserted: answers };
      },
    );
    const [[row]] = await inserted;
    return { id, view: () => applicationDetail(ctx, row!, visible, { catalogue, held }) };
  } catch (error) {
    // One live application per project and stage: a second one (another tab, a create sent twice) is refused by the
    // live-application unique index itself, with nothing stored.
    if (isUniqueViolation(error)) throw new AppError('APPLICATION_EXISTS');
    throw error;
  }
}

const MAX_TEXT = 2000;
const MAX_TEXTAREA = 10_000;

/** Form values against the form's fields: known codes, the right types (every problem at once). */
function checkFormData(form: StageForm, data: Record<string, FormValue>): FieldError[] {
  const fields = new Map(form.fields.map((f) => [f.code, f]));
  const problems: FieldError[] = [];
  for (const [code, value] of Object.entries(data)) {
    const field = fields.get(code);
    const at = `formData.${code}`;
    if (!field) {
      problems.push({ field: at, message: `申报表没有「${code}」这一项`, messageEn: `the form has no field ${code}` });
      continue;
    }
    if (value === null) continue;
    const bad = (message: string, messageEn: string) => problems.push({ field: at, message, messageEn });
    switch (field.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value))
          bad(`${field.label}应为数字`, `${code} must be a number`);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') bad(`${field.label}应为是/否`, `${code} must be true or false`);
        break;
      case 'date':
        if (typeof value !== 'string' || !isCivilDate(value)) {
          bad(`${field.label}应为日期（YYYY-MM-DD）`, `${code} must be a date YYYY-MM-DD`);
        }
        break;
      case 'text':
      case 'textarea': {
        const max = field.type === 'text' ? MAX_TEXT : MAX_TEXTAREA;
        if (typeof value !== 'string') bad(`${field.label}应为文字`, `${code} must be text`);
        else if (value.length > max) bad(`${field.label}最多 ${max} 字`, `${code} has at most ${max} characters`);
        break;
      }
    }
  }
  return problems;
}

const isBlank = (value: FormValue | undefined) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * PUT /api/applications/:id — facts (draft only; recomputes the matters and materials) and form values (draft, and
 * while a 补正 notice is open, so a field named in it can be corrected).
 */
export async function updateApplication(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  input: { facts?: string[] | undefined; formData?: Record<string, FormValue> | undefined },
): Promise<ApplicationDetail> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const editable = app.status === 'draft' || (app.status === 'correctionRequested' && input.facts === undefined);
  if (!editable) {
    throw new AppError('STATE_TRANSITION_INVALID', {
      message: '只有草稿可以修改；待补正的申请只能修改申报表内容',
      messageEn: 'only a draft can be edited; under a correction notice only form values can change',
    });
  }
  const catalogue = await catalogueOf(ctx.db, app.catalogueVersion);
  const facts = input.facts === undefined ? app.facts : [...new Set(input.facts)];
  checkFacts(catalogue, facts);
  const today = todayOf(ctx);
  const held = await heldPackagesOf(ctx.db, app.projectId, today);
  const form = formFor(catalogue, app.stageCode, project.project, facts, held);
  if (form.matters.length === 0) throw new AppError('STAGE_HAS_NO_MATTERS');
  const merged = { ...app.formData, ...(input.formData ?? {}) };
  const problems = checkFormData(form, input.formData ?? {});
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  // Values of fields no longer on the form (facts changed) are dropped: the form is the one truth.
  const fieldCodes = new Set(form.fields.map((f) => f.code));
  const formData = Object.fromEntries(Object.entries(merged).filter(([code]) => fieldCodes.has(code)));
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockApplication(tx, id);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    await repo.updateApplication(tx, id, {
      facts,
      formData,
      ...(locked.status === 'draft' ? { matterCodes: form.matters.map((m) => m.code) } : {}),
      updatedAt: ctx.clock.now(),
    });
    if (locked.status === 'draft') await syncMaterials(tx, ctx, id, form, held);
    await recordAudit({
      action: 'application.draft_saved',
      targetType: 'stage_application',
      targetId: id,
      before: { facts: locked.facts, formData: locked.formData },
      after: { facts, formData },
    });
  });
  return reload(ctx, id, project);
}

/**
 * PUT /api/applications/:id/materials/:materialCode/file — checks the file (size, type by content) before anything is
 * stored, then keeps it in the project's material package with provenance and links it to the application. Allowed in
 * draft and under a 补正 notice, and after a 容缺 acceptance for a tolerated material.
 */
export async function uploadMaterial(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  materialCode: string,
  input: { fileName: string; content: Buffer | undefined },
): Promise<ApplicationMaterialView> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const rows = await repo.findMaterials(ctx.db, id);
  const row = rows.find((r) => r.materialCode === materialCode);
  if (!row) throw new AppError('NOT_FOUND');
  const mayUpload =
    app.status === 'draft' ||
    app.status === 'correctionRequested' ||
    (app.status === 'accepted' && row.status === 'tolerated');
  if (!mayUpload) {
    throw new AppError('STATE_TRANSITION_INVALID', {
      message: '当前状态下不能上传此材料（草稿、待补正，或容缺受理后补交容缺材料时可上传）',
      messageEn: 'this material cannot be uploaded now (draft, under a correction notice, or a tolerated material)',
    });
  }
  const fileName = cleanFileName(input.fileName);
  if (!fileName) throw AppError.invalidField('fileName', '请提供文件名', 'a file name is required');
  const file = checkUpload(ctx, input.content);
  const catalogue = await catalogueOf(ctx.db, app.catalogueVersion);
  const today = todayOf(ctx);
  const matterCodes =
    app.status === 'draft'
      ? formFor(
          catalogue,
          app.stageCode,
          project.project,
          app.facts,
          await heldPackagesOf(ctx.db, app.projectId, today),
        ).matters.map((m) => m.code)
      : app.matterCodes;
  const forMatterCodes = mattersListing(catalogue, matterCodes, materialCode);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockApplication(tx, id);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    const stored = await provideProjectMaterial(tx, ctx, {
      projectId: app.projectId,
      materialCode,
      file,
      fileName,
      uploadedBy: actor.id,
      forMatterCodes,
      applicationId: id,
    });
    await repo.updateMaterial(tx, id, materialCode, {
      provision: 'upload',
      status: 'provided',
      projectMaterialId: stored.projectMaterialId,
      licenceId: null,
      updatedAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'file.uploaded',
      targetType: 'stored_file',
      targetId: file.sha256,
      after: { sha256: file.sha256, sm3: file.sm3, sizeBytes: file.sizeBytes, mediaType: file.mediaType, fileName },
    });
    await recordAudit({
      action: 'material.provided',
      targetType: 'stage_application',
      targetId: id,
      before: { materialCode, status: row.status },
      after: { materialCode, status: 'provided', projectMaterialId: stored.projectMaterialId, forMatterCodes },
    });
    if (app.status === 'accepted') {
      // A 容缺 material supplied after acceptance: tell the window.
      await notify(tx, ctx, {
        userIds: await windowUserIdsOf(tx, app.regionCode),
        kind: 'application.tolerated_material_supplied',
        title: `容缺材料已补交：${project.project.name}`,
        titleEn: `Tolerated material supplied: ${project.project.name}`,
        body: `申请人已补交容缺材料「${materialCode}」。`,
        bodyEn: `The applicant supplied the tolerated material ${materialCode}.`,
        link: `/window/applications/${id}`,
      });
    }
  });
  const held = await heldPackagesOf(ctx.db, app.projectId, today);
  const fresh = (await repo.findApplication(ctx.db, id))!;
  const views = await materialViews(ctx.db, catalogue, fresh, matterCodes, held);
  return views.find((v) => v.materialCode === materialCode)!;
}

/** 告知承诺 (国办发〔2020〕42号): the applicant signs the material's commitment text instead of supplying it. */
export async function signCommitment(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
  materialCode: string,
): Promise<ApplicationMaterialView> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  if (app.status !== 'draft' && app.status !== 'correctionRequested' && app.status !== 'submitted') {
    throw new AppError('STATE_TRANSITION_INVALID');
  }
  const row = (await repo.findMaterials(ctx.db, id)).find((r) => r.materialCode === materialCode);
  if (!row) throw new AppError('NOT_FOUND');
  if (!row.commitmentText) {
    throw new AppError('CONFLICT', {
      message: '该材料不适用告知承诺',
      messageEn: 'this material has no 告知承诺 (commitment) option',
    });
  }
  const today = todayOf(ctx);
  const credit = await creditOf(ctx.db, project.project.enterpriseId, today);
  if (!credit.commitmentAllowed) {
    throw new AppError('CREDIT_ROUTE_REFUSED', {
      message: `${credit.reasons.join('；')}`,
      messageEn: credit.reasonsEn.join('; '),
    });
  }
  const now = ctx.clock.now();
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    await repo.updateMaterial(tx, id, materialCode, { committedAt: now, committedBy: actor.id, updatedAt: now });
    await recordAudit({
      action: 'application.commitment_signed',
      targetType: 'stage_application',
      targetId: id,
      after: { materialCode, commitmentText: row.commitmentText, committedAt: now.toISOString() },
    });
  });
  return (await getApplication(ctx, actor, id)).materials.find((m) => m.materialCode === materialCode)!;
}

/** The window accounts that receive the applications of a region: its own and its ancestors'. */
export async function windowUserIdsOf(db: Db | Tx, regionCode: string): Promise<string[]> {
  return repo.findWindowUserIds(db, regionCode);
}

/**
 * Submission: the required form fields must be filled (400 APPLICATION_INCOMPLETE naming each); missing materials do
 * not block — the window asks for them at once (一次性补正). The matters are fixed now. The 补正 period (行政许可法
 * art.32, configurable working days) runs from the day of receipt.
 */
export async function submitApplication(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<Changed<ApplicationDetail>> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const next = transition(app.status, 'submit');
  const today = todayOf(ctx);
  const now = ctx.clock.now();
  const submitted = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit, sendWithCommit) => {
    // First send: BEGIN, the lock, behind it what the lock guards (the draft's materials), and every read the checks
    // and the change need — one round trip. Second and last: every write, the audit row and COMMIT, nothing waiting on
    // the writes' answers. A refusal below rolls back: nothing is stored.
    const [{ locked, materials }, windowUserIds, catalogue, held, codeRefusal, calendar, credit] = await concurrently([
      repo.lockApplicationWithMaterials(tx, id),
      windowUserIdsOf(tx, app.regionCode),
      catalogueOf(tx, app.catalogueVersion),
      heldPackagesOf(tx, app.projectId, today),
      refusalOf(assertCodeVerified(tx, project.project)),
      calendarFor(ctx, tx),
      creditOf(tx, project.project.enterpriseId, today),
    ]);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    const form = formFor(catalogue, app.stageCode, project.project, locked.facts, held);
    if (form.matters.length === 0) throw new AppError('STAGE_HAS_NO_MATTERS');
    const missing: FieldError[] = form.fields
      .filter((f) => f.required && isBlank(locked.formData[f.code]))
      .map((f) => ({
        field: `formData.${f.code}`,
        message: `请填写${f.label}`,
        messageEn: `${f.labelEn} is required`,
      }));
    if (missing.length) throw new AppError('APPLICATION_INCOMPLETE', { fields: missing });
    if (codeRefusal) throw codeRefusal;
    const correctionDueOn = correctionDeadline(today, calendar, ctx.config.correctionNoticeWorkingDays);
    const matterCodes = form.matters.map((m) => m.code);
    const answers = sendWithCommit(
      repo.applicationUpdate(tx, id, {
        status: next,
        matterCodes,
        submittedAt: now,
        submittedOn: today,
        correctionDueOn,
        priority: credit.priority,
        updatedAt: now,
      }),
      ...materialSyncStatements(tx, ctx, id, form, held, materials),
      ...noticeStatements(tx, ctx, [
        {
          userIds: windowUserIds,
          kind: 'application.submitted',
          title: `新的阶段申请：${project.project.name}`,
          titleEn: `New stage application: ${project.project.name}`,
          body: `${project.enterpriseName}申报「${form.stageName}」阶段，${credit.priority ? '绿色通道，' : ''}请于 ${correctionDueOn} 前完成受理审查（一次性告知补正）。`,
          bodyEn: `${project.enterpriseName} applied for stage ${form.stageCode}${credit.priority ? ' (green channel)' : ''}; examine it by ${correctionDueOn}.`,
          link: `/window/applications/${id}`,
        },
      ]),
    );
    await recordAudit({
      action: 'application.submitted',
      targetType: 'stage_application',
      targetId: id,
      before: { status: app.status },
      after: { status: next, submittedOn: today, correctionDueOn, priority: credit.priority, matterCodes },
    });
    // In an object: a promise returned as such would be awaited by the transaction before its COMMIT.
    return { answers, known: { catalogue, held, credit } };
  });
  const [[row]] = await submitted.answers;
  return { id, view: () => applicationDetail(ctx, row!, project, submitted.known) };
}

/**
 * After a 补正 notice: every material it names must now be provided (a material named as invalid: uploaded again after
 * the notice), every field it names filled. Then the application is received again: the window's period restarts from
 * the day of the supplement (行政许可法 art.32).
 */
export async function supplementApplication(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<Changed<ApplicationDetail>> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const next = transition(app.status, 'supplement');
  const notice = await repo.findOpenNotice(ctx.db, id);
  if (!notice) throw new AppError('STATE_TRANSITION_INVALID');
  const rows = new Map((await repo.findMaterials(ctx.db, id)).map((r) => [r.materialCode, r]));
  const files = new Map(
    (
      await getProjectMaterials(
        ctx.db,
        [...rows.values()].map((r) => r.projectMaterialId).filter((x): x is string => x !== null),
      )
    ).map((f) => [f.projectMaterialId, f]),
  );
  const outstanding: FieldError[] = [];
  notice.items.forEach((item, i) => {
    if (item.materialCode) {
      const row = rows.get(item.materialCode);
      const file = row?.projectMaterialId ? files.get(row.projectMaterialId) : undefined;
      const provided = row?.status === 'provided';
      const renewed = item.problem !== 'invalid' || (file !== undefined && new Date(file.uploadedAt) > notice.issuedAt);
      if (!provided || !renewed) {
        outstanding.push({
          field: `items.${i}`,
          message: `材料「${item.materialCode}」尚未补正：${item.reason}`,
          messageEn: `material ${item.materialCode} not yet supplied: ${item.reason}`,
        });
      }
    }
    if (item.fieldCode && isBlank(app.formData[item.fieldCode])) {
      outstanding.push({
        field: `items.${i}`,
        message: `申报表「${item.fieldCode}」尚未补正：${item.reason}`,
        messageEn: `form field ${item.fieldCode} not yet corrected: ${item.reason}`,
      });
    }
  });
  if (outstanding.length) throw new AppError('CORRECTION_NOT_ADDRESSED', { fields: outstanding });
  const today = todayOf(ctx);
  const calendar = await loadCalendar(ctx);
  const correctionDueOn = correctionDeadline(today, calendar, ctx.config.correctionNoticeWorkingDays);
  const now = ctx.clock.now();
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockApplication(tx, id);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    await repo.markNoticeSupplemented(tx, notice.id, now, today);
    await repo.updateApplication(tx, id, {
      status: next,
      submittedAt: now,
      submittedOn: today,
      correctionDueOn,
      updatedAt: now,
    });
    await recordAudit({
      action: 'application.supplemented',
      targetType: 'stage_application',
      targetId: id,
      before: { status: app.status, submittedOn: app.submittedOn, correctionDueOn: app.correctionDueOn },
      after: { status: next, submittedOn: today, correctionDueOn, noticeId: notice.id },
    });
    await notify(tx, ctx, {
      userIds: await windowUserIdsOf(tx, app.regionCode),
      kind: 'application.supplemented',
      title: `申请已补正：${project.project.name}`,
      titleEn: `Application supplemented: ${project.project.name}`,
      body: `申请人已按补正告知书补齐材料，请于 ${correctionDueOn} 前完成受理审查。`,
      bodyEn: `The applicant supplied what the correction notice asked for; examine it by ${correctionDueOn}.`,
      link: `/window/applications/${id}`,
    });
  });
  return { id, view: () => reload(ctx, id, project) };
}

export async function withdrawApplication(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<Changed<ApplicationDetail>> {
  const { app, project } = await loadVisibleApplication(ctx, actor, id);
  const next = transition(app.status, 'withdraw');
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockApplication(tx, id);
    if (!locked || locked.status !== app.status) throw new AppError('STATE_TRANSITION_INVALID');
    await repo.updateApplication(tx, id, { status: next, updatedAt: ctx.clock.now() });
    await recordAudit({
      action: 'application.withdrawn',
      targetType: 'stage_application',
      targetId: id,
      before: { status: app.status },
      after: { status: next },
    });
    if (app.status !== 'draft') {
      await notify(tx, ctx, {
        userIds: await windowUserIdsOf(tx, app.regionCode),
        kind: 'application.withdrawn',
        title: `申请已撤回：${project.project.name}`,
        titleEn: `Application withdrawn: ${project.project.name}`,
        body: '申请人已撤回该阶段申请。',
        bodyEn: 'The applicant withdrew the stage application.',
        link: `/window/applications/${id}`,
      });
    }
  });
  return { id, view: () => reload(ctx, id, project) };
}

// ── seams called by the cases module ──

/**
 * Whether the matter's clock may be stopped by a special procedure (行政许可法 art.45: 听证、检测、专家评审 …), as the
 * catalogue version of the application says (`Matter.clockStoppable`; e.g. a 告知性备案 or a 竣工验收备案 has no review to
 * suspend). True when the matter is not in that version (a case always is: it was dispatched from it).
 */
export async function isMatterClockStoppable(db: Db | Tx, applicationId: string, matterCode: string): Promise<boolean> {
  const app = await repo.findApplication(db, applicationId);
  if (!app) throw new AppError('NOT_FOUND');
  const catalogue = await catalogueOf(db, app.catalogueVersion);
  return catalogue.matters.find((m) => m.code === matterCode)?.clockStoppable ?? true;
}

export interface ApplicationSummary {
  id: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  enterpriseId: string;
  enterpriseName: string;
  enterpriseCreditCode: string;
  regionCode: string;
  stageCode: string;
  stageName: string;
  status: string;
  acceptanceMode: string | null;
  receiptNumber: string | null;
  acceptedOn: string | null;
  formData: Record<string, string | number | boolean | null>;
  /** Applicant-side user ids to notify (creator of the application and the enterprise's applicant accounts). */
  applicantUserIds: string[];
  materials: {
    materialCode: string;
    name: string;
    status: string;
    provision: string;
    matterCodes: string[];
    file: { projectMaterialId: string; fileName: string; sizeBytes: number; mediaType: string } | null;
  }[];
}

/** The application as the departments see it: project, enterprise, stage, form data, materials with file links. */
export async function getApplicationSummary(db: Db | Tx, applicationId: string): Promise<ApplicationSummary> {
  const app = await repo.findApplication(db, applicationId);
  if (!app) throw new AppError('NOT_FOUND');
  // Issued together: on a transaction they leave in one send (db/writes-per-tick.ts).
  const [header, catalogue, rows, applicantUserIds] = await concurrently([
    repo.findProjectHeader(db, app.projectId),
    catalogueOf(db, app.catalogueVersion),
    repo.findMaterials(db, app.id),
    applicantSideUserIds(db, app.projectId, [app.createdBy]),
  ]);
  if (!header) throw new AppError('NOT_FOUND');
  const files = new Map(
    (
      await getProjectMaterials(
        db,
        rows.map((r) => r.projectMaterialId).filter((x): x is string => x !== null),
      )
    ).map((f) => [f.projectMaterialId, f]),
  );
  const names = new Map(catalogue.materials.map((m) => [m.code, m.name]));
  return {
    id: app.id,
    projectId: app.projectId,
    projectCode: header.code ?? '',
    projectName: header.name,
    enterpriseId: header.enterpriseId,
    enterpriseName: header.enterpriseName,
    enterpriseCreditCode: header.enterpriseCreditCode,
    regionCode: app.regionCode,
    stageCode: app.stageCode,
    stageName: catalogue.stages.find((s) => s.code === app.stageCode)?.name ?? app.stageCode,
    status: app.status,
    acceptanceMode: app.acceptanceMode,
    receiptNumber: app.receiptNumber,
    acceptedOn: app.acceptedOn,
    formData: app.formData,
    applicantUserIds,
    materials: rows.map((r) => {
      const file = r.projectMaterialId ? files.get(r.projectMaterialId) : undefined;
      return {
        materialCode: r.materialCode,
        name: names.get(r.materialCode) ?? r.materialCode,
        status: r.status,
        provision: r.provision,
        matterCodes: mattersListing(catalogue, app.matterCodes, r.materialCode),
        file: file
          ? {
              projectMaterialId: file.projectMaterialId,
              fileName: file.fileName,
              sizeBytes: file.sizeBytes,
              mediaType: file.mediaType,
            }
          : null,
      };
    }),
  };
}

/**
 * Every case of the application is decided: accepted → completed (domain transition). The caller (cases) calls it
 * exactly once, inside its decision transaction, and records the audit entry there; an application already completed is
 * left as it is, any other state is refused.
 */
export async function markApplicationCompleted(
  tx: Tx,
  ctx: AppContext,
  applicationId: string,
  /** The completing transaction's: the update and the notice leave with its audit rows and COMMIT. */
  sendWithCommit: SendWithCommit,
): Promise<void> {
  const app = await repo.lockApplication(tx, applicationId);
  if (!app) throw new AppError('NOT_FOUND');
  if (app.status === 'completed') return;
  const next = transition(app.status, 'complete');
  const now = ctx.clock.now();
  const update = repo.applicationUpdate(tx, applicationId, { status: next, completedAt: now, updatedAt: now });
  // The update needs no answer and the two reads none of each other's: sent together (the connection is pipelined).
  sendWithCommit(update);
  const [header, recipients] = await concurrently([
    repo.findProjectHeader(tx, app.projectId),
    applicantSideUserIds(tx, app.projectId, [app.createdBy]),
  ]);
  const notice: NoticeInput = {
    userIds: recipients,
    kind: 'application.completed',
    title: `阶段申请已办结：${header?.name ?? ''}`,
    titleEn: `Stage application completed: ${header?.name ?? ''}`,
    body: '该阶段的全部事项均已作出决定，可在证照库查看结果。',
    bodyEn: 'Every matter of the stage is decided; see the results in the licence package.',
    link: `/applications/${applicationId}`,
  };
  sendWithCommit(...noticeStatements(tx, ctx, [notice]));
}
