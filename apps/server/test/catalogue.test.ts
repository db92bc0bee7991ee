import { type Catalogue, defaultCatalogue } from '@yiwang/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/** Issue 4: versioned matter catalogue, public service guides and 一项目一方案 through HTTP. */

interface ErrorBody {
  code: string;
  message: string;
  fields?: { field: string; message: string; messageEn: string }[];
}
interface VersionDetail {
  id: string;
  version: string;
  status: 'draft' | 'published' | 'retired';
  note: string | null;
  publishedAt: string | null;
  catalogue: Catalogue;
  validation: { ok: boolean; problems: { kind: string; path: string; message: string; messageEn: string }[] };
}
interface PlanBody {
  catalogueVersion: string;
  startDate: string;
  stages: {
    code: string;
    opensOn: string;
    closesOn: string;
    matters: { code: string; predictedFinish: string; reasons: string[] }[];
  }[];
  materials: { code: string; neededBy: string[] }[];
  predictedFinish: { parallel: { date: string; provisional: boolean }; serial: { date: string; provisional: boolean } };
  criticalPath: string[];
  facts: { applied: string[]; available: { code: string }[] };
}

describe('matter catalogue, guides and project plans', () => {
  let t: TestApp;
  let admin = '';
  let applicant = '';
  let governmentProjectId = '';
  let filingProjectId = '';
  let undecidedProjectId = '';
  let defaultVersionId = '';

  const request = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    token: string | null,
    payload?: unknown,
  ) => {
    const response = await t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return response;
  };
  const createProject = async (body: Record<string, unknown>) => {
    const response = await request('POST', '/api/projects', applicant, { regionCode: '330302', ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; procedure: string | null }>();
  };
  const plan = async (projectId: string, query: string) => {
    const response = await request('GET', `/api/projects/${projectId}/plan?${query}`, applicant);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PlanBody>();
  };
  const matterOf = (p: PlanBody, code: string) => p.stages.flatMap((s) => s.matters).find((m) => m.code === code);
  const versions = async () =>
    (await request('GET', '/api/catalogue/versions', admin)).json<{
      items: { id: string; version: string; status: string; stats: { stages: number; matters: number } }[];
    }>().items;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('sysAdmin');
    applicant = await t.login('applicant');
    const government = await createProject({ name: '市民中心改造工程', investmentNature: 'government' });
    expect(government.procedure).toBe('approval');
    governmentProjectId = government.id;
    const filing = await createProject({
      name: '改性塑料制品扩产项目',
      investmentNature: 'enterprise',
      industryCode: 'C2929',
    });
    expect(filing.procedure).toBe('filing');
    filingProjectId = filing.id;
    undecidedProjectId = (await createProject({ name: '尚未确定投资性质的项目' })).id;
  });
  afterAll(async () => t?.close());

  it('seeds the default catalogue as the one published version', async () => {
    const items = await versions();
    expect(items).toHaveLength(1);
    const [first] = items;
    expect(first).toMatchObject({ version: defaultCatalogue().version, status: 'published' });
    expect(first!.stats).toEqual({
      stages: 4,
      matters: defaultCatalogue().matters.length,
      materials: defaultCatalogue().materials.length,
    });
    defaultVersionId = first!.id;
    const detail = (await request('GET', `/api/catalogue/versions/${defaultVersionId}`, admin)).json<VersionDetail>();
    expect(detail.catalogue).toEqual(defaultCatalogue());
    expect(detail.validation).toEqual({ ok: true, problems: [] });
    const audit = await t.ctx.database.pool.query(
      `SELECT 1 FROM audit_events WHERE action = 'catalogue.published' AND target_id = $1`,
      [defaultVersionId],
    );
    expect(audit.rowCount).toBe(1);
    // Seeding again is a no-op.
    const { ensureDefaultCatalogue } = await import('../src/modules/catalogue/catalogue.service.ts');
    expect(await ensureDefaultCatalogue(t.ctx)).toBe(false);
  });

  it('a government project’s plan has the 项目建议书, a 备案 enterprise project’s has not', async () => {
    const government = await plan(governmentProjectId, 'start=2026-09-14');
    const filing = await plan(filingProjectId, 'start=2026-09-14');
    expect(matterOf(government, 'ndrc.proposal')).toBeDefined();
    expect(matterOf(government, 'ndrc.proposal')!.reasons[0]).toContain('政府投资');
    expect(matterOf(filing, 'ndrc.proposal')).toBeUndefined();
    expect(matterOf(filing, 'ndrc.filing')).toBeDefined();
    expect(matterOf(government, 'ndrc.filing')).toBeUndefined();
    expect(government.catalogueVersion).toBe(defaultCatalogue().version);
    // Materials are asked once each, whichever matters need them.
    const codes = government.materials.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('an admin raises a matter’s promised limit, publishes, and the roadmap moves by exactly those working days', async () => {
    // Government project, no extra facts: 立项 = 建议书 (10 WD) ∥ 可研 (20 WD, pre-reviewed, decided when the 建议书 result
    // arrives) → 20 WD; 工程建设许可 = 初步设计 20 WD; 施工许可 = 审图 10 WD (施工许可 5 WD waits for it); 竣工验收 =
    // 联合验收 10 WD (备案 5 WD waits) → 60 WD in parallel.
    // Counting from Mon 2026-09-14 on DOMAIN.md §5's 2026 calendar (start day not counted):
    //   09-15..18 = 1–4, Sun 09-20 make-up = 5, 09-21..24 = 6–9, 09-25..27 off, 09-28..30 = 10–12, 10-01..07 off,
    //   10-08, 10-09 = 13–14, Sat 10-10 make-up = 15, 10-12..16 = 16–20, 10-19..23 = 21–25, then five a week with
    //   no holiday: 10-30 = 30, 11-06 = 35, 11-13 = 40, 11-20 = 45, 11-27 = 50, 12-04 = 55, 12-11 = 60, 12-18 = 65.
    const before = await plan(governmentProjectId, 'start=2026-09-14');
    expect(matterOf(before, 'ndrc.feasibility')!.predictedFinish).toBe('2026-10-16'); // 20 WD
    expect(before.stages[0]!.closesOn).toBe('2026-10-16');
    expect(before.predictedFinish.parallel).toEqual({ date: '2026-12-11', provisional: false }); // 60 WD

    const draft = await request('POST', '/api/catalogue/versions', admin, { version: '2026.2', note: '可研提速调整' });
    expect(draft.statusCode, draft.body).toBe(201);
    const draftBody = draft.json<VersionDetail>();
    expect(draftBody).toMatchObject({ version: '2026.2', status: 'draft', note: '可研提速调整' });
    expect(draftBody.catalogue).toEqual({ ...defaultCatalogue(), version: '2026.2' });

    const patched = await request('PATCH', `/api/catalogue/versions/${draftBody.id}/matters/ndrc.feasibility`, admin, {
      promisedLimitWorkingDays: 25,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const patchedBody = patched.json<VersionDetail>();
    expect(patchedBody.validation.ok).toBe(true);
    expect(patchedBody.catalogue.matters.find((m) => m.code === 'ndrc.feasibility')!.promisedLimitWorkingDays).toBe(25);

    // Not yet published: the plan still uses the current version.
    expect((await plan(governmentProjectId, 'start=2026-09-14')).predictedFinish.parallel.date).toBe('2026-12-11');

    const published = await request('POST', `/api/catalogue/versions/${draftBody.id}/publish`, admin);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json<VersionDetail>()).toMatchObject({ status: 'published' });
    const items = await versions();
    expect(items.find((v) => v.id === defaultVersionId)!.status).toBe('retired');
    expect(items.filter((v) => v.status === 'published').map((v) => v.version)).toEqual(['2026.2']);

    const after = await plan(governmentProjectId, 'start=2026-09-14');
    expect(after.catalogueVersion).toBe('2026.2');
    expect(matterOf(after, 'ndrc.feasibility')!.predictedFinish).toBe('2026-10-23'); // 25 WD
    expect(after.predictedFinish.parallel).toEqual({ date: '2026-12-18', provisional: false }); // 65 WD
    expect(after.criticalPath[0]).toBe('ndrc.feasibility');
  });

  it('refuses to publish an invalid draft, listing every problem, and publishes nothing', async () => {
    const draft = (
      await request('POST', '/api/catalogue/versions', admin, { version: '2026.3-cycle' })
    ).json<VersionDetail>();
    const catalogue = structuredClone(draft.catalogue);
    // 建议书 now depends on 可研, which depends on 建议书: a cycle. And one more problem: promised above statutory.
    catalogue.matters.find((m) => m.code === 'ndrc.proposal')!.dependsOn = ['ndrc.feasibility'];
    catalogue.matters.find((m) => m.code === 'housing.fireDesignReview')!.promisedLimitWorkingDays = 16;
    const saved = await request('PUT', `/api/catalogue/versions/${draft.id}/catalogue`, admin, catalogue);
    expect(saved.statusCode, saved.body).toBe(200);
    const savedBody = saved.json<VersionDetail>();
    expect(savedBody.validation.ok).toBe(false);
    expect(savedBody.validation.problems.map((p) => p.kind).sort()).toEqual([
      'DEPENDENCY_CYCLE',
      'PROMISED_EXCEEDS_STATUTORY',
    ]);
    // Saved as work in progress.
    const reread = (await request('GET', `/api/catalogue/versions/${draft.id}`, admin)).json<VersionDetail>();
    expect(reread.catalogue.matters.find((m) => m.code === 'ndrc.proposal')!.dependsOn).toEqual(['ndrc.feasibility']);

    const before = await databaseFingerprint(t.ctx);
    const refused = await request('POST', `/api/catalogue/versions/${draft.id}/publish`, admin);
    expect(refused.statusCode).toBe(400);
    const body = refused.json<ErrorBody>();
    expect(body.code).toBe('CATALOGUE_INVALID');
    expect(body.fields).toHaveLength(2);
    const cycle = body.fields!.find((f) => f.messageEn.startsWith('dependency cycle'))!;
    expect(cycle.messageEn).toMatch(/ndrc\.(proposal|feasibility) → ndrc\.(feasibility|proposal) → ndrc\./);
    expect(cycle.field).toMatch(/^matters\[\d+\]\.dependsOn$/);
    expect(body.fields!.some((f) => f.field.endsWith('.promisedLimitWorkingDays'))).toBe(true);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    const current = (await versions()).filter((v) => v.status === 'published').map((v) => v.version);
    expect(current).toEqual(['2026.2']);
  });

  it('never changes a published (or retired) version, and says so', async () => {
    const current = (await versions()).find((v) => v.status === 'published')!;
    const exportBefore = await request('GET', `/api/catalogue/versions/${current.id}/export`, admin);
    expect(exportBefore.statusCode).toBe(200);
    expect(exportBefore.headers['content-disposition']).toContain('attachment');
    expect(exportBefore.headers['content-type']).toContain('application/json');
    const fingerprint = await databaseFingerprint(t.ctx);

    const put = await request('PUT', `/api/catalogue/versions/${current.id}/catalogue`, admin, defaultCatalogue());
    expect(put.statusCode).toBe(409);
    expect(put.json<ErrorBody>().code).toBe('CATALOGUE_NOT_DRAFT');
    const patch = await request('PATCH', `/api/catalogue/versions/${current.id}/matters/ndrc.feasibility`, admin, {
      promisedLimitWorkingDays: 1,
    });
    expect(patch.statusCode).toBe(409);
    const retiredPatch = await request(
      'PATCH',
      `/api/catalogue/versions/${defaultVersionId}/matters/ndrc.feasibility`,
      admin,
      { promisedLimitWorkingDays: 1 },
    );
    expect(retiredPatch.json<ErrorBody>().code).toBe('CATALOGUE_NOT_DRAFT');
    const republish = await request('POST', `/api/catalogue/versions/${current.id}/publish`, admin);
    expect(republish.statusCode).toBe(409);

    // The database refuses too (trigger), whoever asks.
    await expect(
      t.ctx.database.pool.query(`UPDATE catalogue_versions SET note = 'x' WHERE id = $1`, [current.id]),
    ).rejects.toThrow(/immutable/);
    await expect(
      t.ctx.database.pool.query(`UPDATE catalogue_versions SET status = 'draft', published_at = NULL WHERE id = $1`, [
        defaultVersionId,
      ]),
    ).rejects.toThrow(/immutable/);
    await expect(
      t.ctx.database.pool.query(`DELETE FROM catalogue_versions WHERE id = $1`, [current.id]),
    ).rejects.toThrow(/cannot be deleted/);

    expect(await databaseFingerprint(t.ctx)).toEqual(fingerprint);
    const exportAfter = await request('GET', `/api/catalogue/versions/${current.id}/export`, admin);
    expect(exportAfter.rawPayload.equals(exportBefore.rawPayload)).toBe(true);
  });

  it('looks a published version up by label once per database handle, a draft on every read', async () => {
    const { loadCatalogueVersion } = await import('../src/modules/catalogue/catalogue.service.ts');
    const statementsOf = async (label: string) => {
      const before = t.ctx.database.statementCount();
      const catalogue = await loadCatalogueVersion(t.ctx.db, label);
      return { catalogue, statements: t.ctx.database.statementCount() - before };
    };
    const published = defaultCatalogue().version;
    expect((await statementsOf(published)).catalogue).toEqual(defaultCatalogue());
    // Its label can never name another row (drizzle/0006), and its data is cached by id: no statement at all.
    expect(await statementsOf(published)).toEqual({ catalogue: defaultCatalogue(), statements: 0 });
    // Inside a transaction of the same database too (a decision reads it in its transaction); another drizzle handle
    // (another database, in a test process) has an identity of its own.
    const { databaseIdentity } = await import('../src/db/database.ts');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const schema = await import('../src/db/schema/index.ts');
    expect(databaseIdentity(drizzle(t.ctx.database.pool, { schema }))).not.toBe(databaseIdentity(t.ctx.db));
    await t.ctx.db.transaction(async (tx) => {
      expect(databaseIdentity(tx)).toBe(databaseIdentity(t.ctx.db));
      const before = t.ctx.database.statementCount();
      expect(await loadCatalogueVersion(tx, published)).toEqual(defaultCatalogue());
      expect(t.ctx.database.statementCount() - before).toBe(0);
    });

    const draft = await request('POST', '/api/catalogue/import', admin, {
      version: 'label-cache-draft',
      catalogue: defaultCatalogue(),
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await statementsOf('label-cache-draft')).catalogue?.matters[0]?.promisedLimitWorkingDays).toBe(
      defaultCatalogue().matters[0]!.promisedLimitWorkingDays,
    );
    // A draft may still change: read from the database every time, so the edit shows at once.
    const [firstMatter] = defaultCatalogue().matters;
    const edited = await request(
      'PATCH',
      `/api/catalogue/versions/${draft.json<{ id: string }>().id}/matters/${firstMatter!.code}`,
      admin,
      { promisedLimitWorkingDays: firstMatter!.promisedLimitWorkingDays - 1 },
    );
    expect(edited.statusCode, edited.body).toBe(200);
    const reread = await statementsOf('label-cache-draft');
    expect(reread.statements).toBeGreaterThan(0);
    expect(reread.catalogue?.matters[0]?.promisedLimitWorkingDays).toBe(firstMatter!.promisedLimitWorkingDays - 1);
  });

  it('round-trips a catalogue through export and import', async () => {
    const current = (await versions()).find((v) => v.status === 'published')!;
    const exported = await request('GET', `/api/catalogue/versions/${current.id}/export`, admin);
    const catalogue = JSON.parse(exported.body) as Catalogue;
    const imported = await request('POST', '/api/catalogue/import', admin, {
      version: '2026.4-imported',
      note: '从测试环境导入',
      catalogue,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const importedBody = imported.json<VersionDetail>();
    expect(importedBody).toMatchObject({ status: 'draft', version: '2026.4-imported' });
    expect(importedBody.catalogue).toEqual({ ...catalogue, version: '2026.4-imported' });
    const reexported = await request('GET', `/api/catalogue/versions/${importedBody.id}/export`, admin);
    expect(JSON.parse(reexported.body)).toEqual({ ...catalogue, version: '2026.4-imported' });
    const audit = await t.ctx.database.pool.query(
      `SELECT 1 FROM audit_events WHERE action = 'catalogue.imported' AND target_id = $1`,
      [importedBody.id],
    );
    expect(audit.rowCount).toBe(1);
    // A label is used once.
    const again = await request('POST', '/api/catalogue/import', admin, { version: '2026.4-imported', catalogue });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().code).toBe('CATALOGUE_VERSION_EXISTS');
  });

  it('serves public guides: stages, a combined stage guide listing each material once, and matter guides', async () => {
    const stages = await request('GET', '/api/guides/stages', null);
    expect(stages.statusCode).toBe(200);
    const stagesBody = stages.json<{ catalogueVersion: string; items: { code: string; matterCount: number }[] }>();
    expect(stagesBody.catalogueVersion).toBe('2026.2');
    expect(stagesBody.items.map((s) => s.code)).toEqual([
      'projectAndLand',
      'engineeringPermit',
      'constructionPermit',
      'completionAcceptance',
    ]);

    const guide = await request('GET', '/api/guides/stages/constructionPermit', null);
    expect(guide.statusCode, guide.body).toBe(200);
    const guideBody = guide.json<{
      stage: { leadDepartmentName: string };
      procedure: { name: string }[];
      matters: { code: string; limit: { promisedWorkingDays: number } }[];
      materials: { code: string; neededBy: { code: string }[] }[];
    }>();
    expect(guideBody.stage.leadDepartmentName).toBe('住房和城乡建设部门');
    expect(guideBody.procedure.map((p) => p.name)).toEqual(['一窗受理', '并联审批', '限时办结']);
    const codes = guideBody.materials.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    // 施工图设计文件 is needed by 审图, 消防设计审查 and 人防 — listed once, naming all three.
    expect(guideBody.materials.find((m) => m.code === 'constructionDrawings')!.neededBy.map((n) => n.code)).toEqual([
      'housing.drawingReview',
      'housing.fireDesignReview',
      'cad.shelterApproval',
    ]);

    const matter = await request('GET', '/api/guides/matters/housing.fireDesignReview', null);
    expect(matter.statusCode).toBe(200);
    expect(
      matter.json<{ matter: { limit: { statutoryWorkingDays: number; isConfirmed: boolean } } }>().matter.limit,
    ).toMatchObject({ statutoryWorkingDays: 15, isConfirmed: true });

    for (const url of ['/api/guides/stages/noSuchStage', '/api/guides/matters/no.such.matter']) {
      const missing = await request('GET', url, null);
      expect(missing.statusCode).toBe(404);
    }
  });

  it('lets facts shape the plan, and refuses unknown facts, bad dates and undecided projects', async () => {
    const withLand = await plan(governmentProjectId, 'start=2026-09-14&facts=newLand,eiaReportBook');
    expect(withLand.facts.applied).toEqual(['newLand', 'eiaReportBook']);
    expect(matterOf(withLand, 'nr.siteAndLand')).toBeDefined();
    expect(matterOf(withLand, 'eco.eiaReportBook')).toBeDefined();
    expect(matterOf(withLand, 'eco.eiaReportForm')).toBeUndefined();

    const before = await databaseFingerprint(t.ctx);
    const unknownFact = await request(
      'GET',
      `/api/projects/${governmentProjectId}/plan?facts=newLand,flyingCars`,
      applicant,
    );
    expect(unknownFact.statusCode).toBe(400);
    expect(unknownFact.json<ErrorBody>().fields).toEqual([expect.objectContaining({ field: 'facts' })]);
    expect(unknownFact.json<ErrorBody>().fields![0]!.messageEn).toContain('flyingCars');
    for (const start of ['2026-02-30', '2026-13-01', '26-01-01', '1899-01-02']) {
      const bad = await request('GET', `/api/projects/${governmentProjectId}/plan?start=${start}`, applicant);
      expect(bad.statusCode, start).toBe(400);
      expect(bad.json<ErrorBody>().fields![0]!.field).toBe('start');
    }
    const undecided = await request('GET', `/api/projects/${undecidedProjectId}/plan`, applicant);
    expect(undecided.statusCode).toBe(409);
    expect(undecided.json<ErrorBody>().code).toBe('PROJECT_PROCEDURE_UNKNOWN');
    // Without start: today in Asia/Shanghai from the clock (the test clock says 2026-11-23 09:00 +08:00).
    expect((await plan(governmentProjectId, '')).startDate).toBe('2026-11-23');
    // Roles that do not read projects do not read plans.
    const other = await request('GET', `/api/projects/${governmentProjectId}/plan`, admin);
    expect(other.statusCode).toBe(403);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });

  it('refuses a malformed catalogue with field messages and stores nothing', async () => {
    const draft = (await versions()).find((v) => v.status === 'draft' && v.version === '2026.3-cycle')!;
    const before = await databaseFingerprint(t.ctx);
    const catalogue = structuredClone(defaultCatalogue()) as unknown as {
      matters: { applicability: { procedures: unknown[] }[]; steps: { signMode: unknown }[] }[];
      stages: { order: unknown }[];
    };
    catalogue.matters[0]!.applicability[0]!.procedures[0] = 5;
    catalogue.matters[2]!.steps[1]!.signMode = 'rubberStamp';
    catalogue.stages[1]!.order = '2';
    const response = await request('PUT', `/api/catalogue/versions/${draft.id}/catalogue`, admin, catalogue);
    expect(response.statusCode).toBe(400);
    const fields = response.json<ErrorBody>().fields!.map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'matters.0.applicability.0.procedures.0',
        'matters.2.steps.1.signMode',
        'stages.1.order',
      ]),
    );
    const extra = await request('PUT', `/api/catalogue/versions/${draft.id}/catalogue`, admin, {
      ...defaultCatalogue(),
      owner: 'me',
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json<ErrorBody>().fields!.map((f) => f.field)).toContain('owner');
    const emptyPatch = await request(
      'PATCH',
      `/api/catalogue/versions/${draft.id}/matters/ndrc.feasibility`,
      admin,
      {},
    );
    expect(emptyPatch.statusCode).toBe(400);
    const unknownMatter = await request('PATCH', `/api/catalogue/versions/${draft.id}/matters/no.such`, admin, {
      promisedLimitWorkingDays: 3,
    });
    expect(unknownMatter.statusCode).toBe(404);
    const badLabel = await request('POST', '/api/catalogue/versions', admin, { version: '2026 / 5' });
    expect(badLabel.statusCode).toBe(400);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });
});
