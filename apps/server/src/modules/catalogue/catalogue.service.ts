import { type Catalogue, type CatalogueProblem, defaultCatalogue, validateCatalogue } from '@yiwang/domain';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { sm3Hex } from '../../lib/crypto.ts';
import { databaseIdentity, type Db, type Tx } from '../../db/database.ts';
import type { CatalogueVersionStatus } from '../../db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT, type AuditContext } from '../audit/audit.service.ts';
import type { PatchMatterInput } from './catalogue.schemas.ts';
import * as repo from './catalogue.repository.ts';

/**
 * Versioned matter catalogue (issue 4 §1). Lifecycle: an admin copies a version into a **draft** (or imports one),
 * edits it — a draft may be invalid while work is in progress, every save returns the validation result — and
 * **publishes** it once validateCatalogue passes. Publishing retires the previous current version in the same
 * transaction, so exactly one version is `published` (current) at any time; published and retired versions never
 * change (service: 409 CATALOGUE_NOT_DRAFT; database: trigger), so cases can keep the version they started with.
 * The row's `version` label is authoritative: the stored catalogue's `version` field is always set to it.
 */

export interface CatalogueValidationView {
  ok: boolean;
  problems: CatalogueProblem[];
}

export interface VersionSummary {
  id: string;
  version: string;
  status: CatalogueVersionStatus;
  note: string | null;
  createdAt: string;
  publishedAt: string | null;
  stats: { stages: number; matters: number; materials: number };
}

export interface VersionDetail extends Omit<VersionSummary, 'stats'> {
  catalogue: Catalogue;
  validation: CatalogueValidationView;
}

export function validationOf(catalogue: Catalogue): CatalogueValidationView {
  const result = validateCatalogue(catalogue);
  return result.ok ? { ok: true, problems: [] } : { ok: false, problems: result.problems };
}

function detailOf(row: repo.CatalogueVersionRow): VersionDetail {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    catalogue: row.data,
    validation: validationOf(row.data),
  };
}

const statsOf = (c: Catalogue) => ({
  stages: c.stages.length,
  matters: c.matters.length,
  materials: c.materials.length,
});

/** What the audit trail keeps of a catalogue: its digest and size, not the whole document. */
const fingerprintOf = (c: Catalogue) => ({ version: c.version, sm3: sm3Hex(canonicalJson(c)), ...statsOf(c) });

const withVersion = (catalogue: Catalogue, version: string): Catalogue => ({ ...catalogue, version });

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return (cause as { code?: unknown }).code === '23505';
}

/**
 * On a database without any catalogue version (first start, demo seed or production), stores the default catalogue
 * (`defaultCatalogue()`) as the first published version. Idempotent; a concurrent start on another node loses the race
 * on the unique index and does nothing.
 * @returns whether it seeded
 */
export async function ensureDefaultCatalogue(ctx: AppContext): Promise<boolean> {
  if ((await repo.countVersions(ctx.db)) > 0) return false;
  const catalogue = defaultCatalogue();
  const validation = validateCatalogue(catalogue);
  if (!validation.ok) throw new Error(`the default catalogue is invalid: ${validation.problems[0]!.messageEn}`);
  const now = ctx.clock.now();
  try {
    return await runAuditedTransaction(ctx.db, ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
      await repo.lockCataloguePublication(tx);
      const row = await repo.insertVersion(tx, {
        version: catalogue.version,
        status: 'published',
        data: catalogue,
        note: '系统内置默认事项目录 / built-in default catalogue',
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      });
      await recordAudit({
        action: 'catalogue.published',
        targetType: 'catalogue_version',
        targetId: row.id,
        after: { ...fingerprintOf(catalogue), seeded: true },
      });
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function listVersions(ctx: AppContext): Promise<VersionSummary[]> {
  const rows = await repo.findVersionSummaries(ctx.db);
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    status: r.status,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    publishedAt: r.publishedAt?.toISOString() ?? null,
    stats: { stages: r.stages, matters: r.matters, materials: r.materials },
  }));
}

async function findOr404(ctx: AppContext, id: string): Promise<repo.CatalogueVersionRow> {
  const row = await repo.findVersion(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export async function getVersion(ctx: AppContext, id: string): Promise<VersionDetail> {
  return detailOf(await findOr404(ctx, id));
}

/**
 * Published and retired catalogues by version id (issue 6: every application, acceptance, decision and guide read and
 * JSON-parsed the whole catalogue from the database, twice per case decision). Those rows never change — the service
 * refuses it and a trigger (drizzle/0006) forbids it, and only drafts may be deleted — so an entry can never go stale,
 * in this process or any other; drafts are never cached. Keyed by id (a random uuid), not by label, so processes that
 * talk to several databases (the test suite) never mix them up; which id a label names is remembered per database
 * (below). Entries are frozen because every caller shares them. Bounded: beyond the limit the least recently
 * used goes.
 */
const IMMUTABLE_CATALOGUE_CACHE_SIZE = 16;
const immutableCatalogues = new Map<string, Catalogue>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

async function catalogueData(
  db: Db | Tx,
  header: { id: string; status: CatalogueVersionStatus },
): Promise<Catalogue | undefined> {
  if (header.status === 'draft') return repo.findData(db, header.id);
  const cached = immutableCatalogues.get(header.id);
  if (cached) {
    immutableCatalogues.delete(header.id); // re-insert: a Map iterates in insertion order, i.e. least recent first
    immutableCatalogues.set(header.id, cached);
    return cached;
  }
  const data = await repo.findData(db, header.id);
  if (!data) return undefined;
  immutableCatalogues.set(header.id, deepFreeze(data));
  if (immutableCatalogues.size > IMMUTABLE_CATALOGUE_CACHE_SIZE) {
    immutableCatalogues.delete(immutableCatalogues.keys().next().value!);
  }
  return data;
}

/**
 * Which id a label names, for published and retired versions only. Once a version is no longer a draft its label can
 * never name another row (the trigger of drizzle/0006 forbids changing or deleting it), so the label lookup an
 * application's every read made (eleven per approval stage, issue 6) is needed once per label. Keyed by database
 * (`databaseIdentity`, shared by its transactions), not globally: test processes open several databases whose versions
 * share labels.
 */
const nonDraftIdsByDatabase = new WeakMap<object, Map<string, string>>();

/** A catalogue version's data by label (any status), e.g. the version an application follows for its whole life. */
export async function loadCatalogueVersion(db: Db | Tx, version: string): Promise<Catalogue | undefined> {
  const database = databaseIdentity(db);
  const knownId = nonDraftIdsByDatabase.get(database)?.get(version);
  if (knownId) return catalogueData(db, { id: knownId, status: 'published' });
  const header = await repo.findHeaderByLabel(db, version);
  if (header && header.status !== 'draft') {
    let ids = nonDraftIdsByDatabase.get(database);
    if (!ids) nonDraftIdsByDatabase.set(database, (ids = new Map()));
    ids.set(version, header.id);
  }
  return header && catalogueData(db, header);
}

/**
 * The current (published) version, for guides, plans and new applications. Which version is current is read from the
 * database every time (a publication by another process takes effect at once); its data comes from the cache above.
 */
export async function loadCurrentCatalogue(
  ctx: AppContext,
): Promise<{ id: string; version: string; catalogue: Catalogue }> {
  const current = await repo.findCurrentHeader(ctx.db);
  const catalogue = current && (await catalogueData(ctx.db, current));
  if (!current || !catalogue) throw new AppError('CATALOGUE_NOT_AVAILABLE');
  return { id: current.id, version: current.version, catalogue };
}

async function assertVersionFree(ctx: AppContext, version: string): Promise<void> {
  if (await repo.findVersionByLabel(ctx.db, version))
    throw new AppError('CATALOGUE_VERSION_EXISTS', {
      fields: [{ field: 'version', message: `版本号 ${version} 已存在`, messageEn: `version ${version} is taken` }],
    });
}

async function insertDraft(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { version: string; note?: string | undefined; catalogue: Catalogue },
  action: 'catalogue.draft_created' | 'catalogue.imported',
  auditExtra: Record<string, unknown>,
): Promise<VersionDetail> {
  await assertVersionFree(ctx, input.version);
  const data = withVersion(input.catalogue, input.version);
  const now = ctx.clock.now();
  try {
    const row = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
      const inserted = await repo.insertVersion(tx, {
        version: input.version,
        status: 'draft',
        data,
        note: input.note?.trim() || null,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit({
        action,
        targetType: 'catalogue_version',
        targetId: inserted.id,
        after: { ...fingerprintOf(data), ...auditExtra, valid: validateCatalogue(data).ok },
      });
      return inserted;
    });
    return detailOf(row);
  } catch (error) {
    // Two admins racing for the same label: the unique index decides.
    if (isUniqueViolation(error)) throw new AppError('CATALOGUE_VERSION_EXISTS');
    throw error;
  }
}

/** A new draft, copied from `fromVersionId` or from the current version. */
export async function createDraft(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { fromVersionId?: string | undefined; version: string; note?: string | undefined },
): Promise<VersionDetail> {
  const source = input.fromVersionId
    ? await repo.findVersion(ctx.db, input.fromVersionId)
    : await repo.findCurrent(ctx.db);
  if (!source)
    throw input.fromVersionId
      ? new AppError('NOT_FOUND', {
          fields: [{ field: 'fromVersionId', message: '来源版本不存在', messageEn: 'no such catalogue version' }],
        })
      : new AppError('CATALOGUE_NOT_AVAILABLE');
  return insertDraft(ctx, actor, audit, { ...input, catalogue: source.data }, 'catalogue.draft_created', {
    fromVersionId: source.id,
    fromVersion: source.version,
  });
}

/** Import a catalogue JSON (e.g. exported elsewhere) as a new draft; validation is reported, not enforced. */
export async function importCatalogue(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  input: { version: string; note?: string | undefined; catalogue: Catalogue },
): Promise<VersionDetail> {
  return insertDraft(ctx, actor, audit, input, 'catalogue.imported', { importedVersion: input.catalogue.version });
}

/** Loads a draft for an edit inside the transaction, or refuses (404 / 409 CATALOGUE_NOT_DRAFT). */
async function lockDraft(tx: Tx, id: string) {
  const row = await repo.lockVersion(tx, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (row.status !== 'draft')
    throw new AppError('CATALOGUE_NOT_DRAFT', {
      message: `目录版本 ${row.version} 已${row.status === 'published' ? '发布' : '停用'}，不可修改；请基于它新建草稿`,
      messageEn: `catalogue version ${row.version} is ${row.status} and immutable; create a draft from it`,
    });
  return row;
}

/** Replaces a draft's whole catalogue. Saved even when invalid (work in progress); the result carries the problems. */
export async function saveCatalogue(
  ctx: AppContext,
  audit: AuditContext,
  id: string,
  catalogue: Catalogue,
): Promise<VersionDetail> {
  await findOr404(ctx, id);
  const now = ctx.clock.now();
  const row = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const draft = await lockDraft(tx, id);
    const data = withVersion(catalogue, draft.version);
    const updated = await repo.updateVersion(tx, id, { data, updatedAt: now });
    await recordAudit({
      action: 'catalogue.draft_saved',
      targetType: 'catalogue_version',
      targetId: id,
      before: fingerprintOf(draft.data),
      after: { ...fingerprintOf(data), valid: validateCatalogue(data).ok },
    });
    return updated;
  });
  return detailOf(row);
}

/** The quick edit of one matter of a draft (name, limits, department, dependencies, materials …). */
export async function patchMatter(
  ctx: AppContext,
  audit: AuditContext,
  id: string,
  code: string,
  patch: PatchMatterInput,
): Promise<VersionDetail> {
  await findOr404(ctx, id);
  const now = ctx.clock.now();
  const row = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const draft = await lockDraft(tx, id);
    const index = draft.data.matters.findIndex((m) => m.code === code);
    if (index < 0)
      throw new AppError('NOT_FOUND', {
        message: `草稿中没有事项 ${code}`,
        messageEn: `the draft has no matter ${code}`,
      });
    const matter = draft.data.matters[index]!;
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, matter[k as keyof typeof matter]]));
    const matters = [...draft.data.matters];
    matters[index] = { ...matter, ...changes };
    const data = { ...draft.data, matters };
    const updated = await repo.updateVersion(tx, id, { data, updatedAt: now });
    await recordAudit({
      action: 'catalogue.draft_saved',
      targetType: 'catalogue_version',
      targetId: id,
      before: { matter: code, ...before },
      after: { matter: code, ...changes, valid: validateCatalogue(data).ok },
    });
    return updated;
  });
  return detailOf(row);
}

/**
 * Publishes a valid draft: it becomes the current version, and the previous current version is retired (immutable,
 * still readable and exportable, and can be copied into a new draft to roll back). Refuses with 400 CATALOGUE_INVALID
 * listing every problem (field = JSON path in the catalogue) when validateCatalogue fails.
 */
export async function publishVersion(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  id: string,
): Promise<VersionDetail> {
  const existing = await findOr404(ctx, id);
  const problemsOf = (c: Catalogue) => validationOf(c).problems;
  // Refuse early (outside the transaction) so an invalid draft costs no lock; re-checked under the lock.
  const early = existing.status === 'draft' ? problemsOf(existing.data) : [];
  if (early.length > 0) throw invalidCatalogue(existing.version, early);
  const now = ctx.clock.now();
  const row = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    await repo.lockCataloguePublication(tx);
    const draft = await lockDraft(tx, id);
    const problems = problemsOf(draft.data);
    if (problems.length > 0) throw invalidCatalogue(draft.version, problems);
    const previous = await repo.findCurrent(tx);
    if (previous) {
      await repo.updateVersion(tx, previous.id, { status: 'retired' });
      await recordAudit({
        action: 'catalogue.retired',
        targetType: 'catalogue_version',
        targetId: previous.id,
        before: { status: 'published' },
        after: { status: 'retired', supersededBy: draft.version },
      });
    }
    const published = await repo.updateVersion(tx, id, {
      status: 'published',
      publishedAt: now,
      publishedBy: actor.id,
      updatedAt: now,
    });
    await recordAudit({
      action: 'catalogue.published',
      targetType: 'catalogue_version',
      targetId: id,
      before: { status: 'draft' },
      after: { status: 'published', ...fingerprintOf(draft.data), previousVersion: previous?.version ?? null },
    });
    return published;
  });
  return detailOf(row);
}

function invalidCatalogue(version: string, problems: CatalogueProblem[]): AppError {
  return new AppError('CATALOGUE_INVALID', {
    message: `事项目录 ${version} 有 ${problems.length} 个问题，不能发布`,
    messageEn: `Catalogue ${version} has ${problems.length} problem(s) and cannot be published`,
    fields: problems.map((p) => ({ field: p.path || 'catalogue', message: p.message, messageEn: p.messageEn })),
  });
}

/** The catalogue JSON of a version (any status), pretty-printed for a file. */
export async function exportVersion(ctx: AppContext, id: string): Promise<{ version: string; json: string }> {
  const row = await findOr404(ctx, id);
  return { version: row.version, json: `${JSON.stringify(row.data, null, 2)}\n` };
}
