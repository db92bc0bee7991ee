import { spawnSync } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, stageApplications, users, verificationTasks } from '../src/db/schema/index.ts';
import { runApplicationSweeps } from '../src/modules/applications/application-sweeps.ts';
import { createTestApp, databaseFingerprint, testDatabaseKind, type TestApp, TEST_PASSWORD } from './test-app.ts';

/** Issue 5: stage applications (一表申报), the window (补正, 容缺, 告知承诺, 不予受理), uploads, sweeps, notifications. */

interface FieldErrorBody {
  code: string;
  message: string;
  fields?: { field: string; message: string; messageEn: string }[];
}
interface Material {
  materialCode: string;
  name: string;
  provision: string;
  status: string;
  required: boolean;
  matterCodes: string[];
  file: { projectMaterialId: string; fileName: string; mediaType: string; sizeBytes: number; sha256: string } | null;
  committedAt: string | null;
}
interface Detail {
  id: string;
  projectCode: string | null;
  status: string;
  stageName: string;
  acceptanceMode: string | null;
  priority: boolean;
  matterCodes: string[];
  submittedOn: string | null;
  correctionDueOn: string | null;
  acceptedOn: string | null;
  deemedAccepted: boolean;
  receiptNumber: string | null;
  rejectionReason: string | null;
  toleranceDueOn: string | null;
  form: { matters: { code: string }[]; fields: { code: string; required: boolean }[] };
  materials: Material[];
  corrections: { id: string; items: { materialCode: string | null }[]; supplementedOn: string | null }[];
  cases: { matterCode: string; caseNumber: string; departmentName: string; status: string }[];
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 0x90)]);
const UPLOAD_LIMIT = 64 * 1024;

const filingProject = (name: string, regionCode = '330302') => ({
  name,
  regionCode,
  address: '温州市鹿城区测试路 8 号',
  scaleAndContent: '新建厂房 1 万平方米，购置生产线 2 条',
  fundSources: [{ kind: 'selfRaised', amount: 5000 }],
  totalInvestment: 5000,
  plannedStart: '2027-01-01',
  plannedEnd: '2028-01-01',
  industryCode: 'C3491',
  projectType: '01',
  investmentNature: 'enterprise',
  industrialPolicyStatement: true,
});

/** Whether a poppler tool is on PATH: without it the PDF text checks are skipped, loudly; in CI they must run. */
function hasTool(tool: string): boolean {
  const found = !spawnSync(tool, ['-v'], { encoding: 'utf8' }).error;
  if (!found && process.env.CI === 'true') throw new Error(`${tool} is required in CI (apt-get install poppler-utils)`);
  if (!found) console.warn(`\n!!! ${tool} not found: SKIPPING the PDF text checks of applications.test.ts.\n`);
  return found;
}

/** The text of a PDF (pdftotext reading standard input). */
function pdfText(pdf: Buffer): string {
  return spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).stdout;
}

let t: TestApp;
let applicant: string;
let windowToken: string;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function call<T = unknown>(
  token: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: Record<string, unknown>,
): Promise<{ status: number; body: T }> {
  const response = await t.app.inject({
    method,
    url,
    headers: auth(token),
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: response.statusCode, body: (response.body ? response.json() : null) as T };
}

const readBack = (token: string, id: string) => call<Detail>(token, 'GET', `/api/applications/${id}`);

/** Fills the required fields of a projectAndLand form declared with the facts newLand and eiaReportForm. */
const fillLandAndEiaForm = (id: string) =>
  call(applicant, 'PUT', `/api/applications/${id}`, {
    formData: {
      landAreaSqm: 100,
      landUseType: '工业',
      landSupplyMethod: '出让',
      pollutantSummary: '无',
      eiaPreparer: '某单位',
    },
  });

async function filedProject(name: string, regionCode?: string): Promise<string> {
  const created = await call<{ id: string }>(applicant, 'POST', '/api/projects', filingProject(name, regionCode));
  expect(created.status).toBe(201);
  const submitted = await call<{ status: string }>(applicant, 'POST', `/api/projects/${created.body.id}/submit`);
  expect(submitted.body.status).toBe('filed');
  return created.body.id;
}

async function upload(
  token: string,
  applicationId: string,
  materialCode: string,
  content: Buffer,
  fileName = `${materialCode}.pdf`,
  contentType = 'application/octet-stream',
) {
  const response = await t.app.inject({
    method: 'PUT',
    url: `/api/applications/${applicationId}/materials/${materialCode}/file?fileName=${encodeURIComponent(fileName)}`,
    headers: { ...auth(token), 'content-type': contentType },
    payload: content,
  });
  return { status: response.statusCode, body: response.json<Material & FieldErrorBody>() };
}

/** Moves the clock (sessions idle out across days, so the accounts sign in again). */
async function moveClock(at: string): Promise<void> {
  t.clock.set(at);
  applicant = await t.login('applicant');
  windowToken = await t.login('window');
}

const material = (detail: Detail, code: string) => detail.materials.find((m) => m.materialCode === code)!;

beforeAll(async () => {
  t = await createTestApp({ UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) });
  applicant = await t.login('applicant');
  windowToken = await t.login('window');
});

afterAll(async () => {
  await t?.close();
});

describe('starting a stage application', () => {
  it('refuses a project without a verified code (a draft) with PROJECT_CODE_NOT_VERIFIED', async () => {
    const drafts = await call<{ items: { id: string; status: string }[] }>(
      applicant,
      'GET',
      '/api/projects?status=draft',
    );
    const draft = drafts.body.items[0]!;
    expect(draft.status).toBe('draft');
    const refused = await call<FieldErrorBody>(applicant, 'POST', `/api/projects/${draft.id}/applications`, {
      stageCode: 'projectAndLand',
      facts: [],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PROJECT_CODE_NOT_VERIFIED');
  });

  it('builds one form for the declared facts and refuses unknown facts and a second live application', async () => {
    const projectId = await filedProject('一表申报测试项目');
    const form = await call<{ matters: { code: string }[]; materials: { code: string; provision: string }[] }>(
      applicant,
      'GET',
      `/api/projects/${projectId}/stage-form?stageCode=projectAndLand&facts=newLand,eiaReportForm`,
    );
    expect(form.status).toBe(200);
    expect(form.body.matters.map((m) => m.code)).toEqual([
      'ndrc.filing',
      'nr.landUsePlanningPermit',
      'eco.eiaReportForm',
    ]);
    // The 备案 result of this very stage satisfies projectDecisionDocument: nothing to upload for it.
    expect(form.body.materials.find((m) => m.code === 'projectDecisionDocument')!.provision).toBe('sameStageOutput');

    const unknown = await call<FieldErrorBody>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'projectAndLand',
      facts: ['newLand', 'noSuchFact'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields?.map((f) => f.field)).toEqual(['facts.1']);

    const first = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'projectAndLand',
      facts: ['newLand'],
    });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('draft');
    const again = await call<FieldErrorBody>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'projectAndLand',
      facts: [],
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPLICATION_EXISTS');
    // Refused by the live-application unique index inside the transaction: nothing of the second one is stored.
    const applications = await t.ctx.db
      .select({ id: stageApplications.id })
      .from(stageApplications)
      .where(eq(stageApplications.projectId, projectId));
    expect(applications.map((a) => a.id)).toEqual([first.body.id]);
    const drafts = await t.ctx.db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'application.draft_saved'));
    expect(drafts.filter((d) => (d.after as { projectId?: string }).projectId === projectId)).toHaveLength(1);
  });
});

describe('applicant → window: 补正, supplement, 容缺 acceptance, receipt', () => {
  let projectId: string;
  let applicationId: string;

  it('creates the draft with one set of materials and refuses an incomplete form at submission', async () => {
    projectId = await filedProject('瓯江新材料仓储中心（申报测试）');
    const created = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'projectAndLand',
      facts: ['newLand', 'eiaReportForm'],
    });
    expect(created.status).toBe(201);
    applicationId = created.body.id;
    // The answer to a write is built from what the write read and returned; it must equal a fresh read.
    expect((await readBack(applicant, applicationId)).body).toEqual(created.body);
    expect(created.body.matterCodes).toEqual(['ndrc.filing', 'nr.landUsePlanningPermit', 'eco.eiaReportForm']);
    expect(
      Object.fromEntries(created.body.materials.map((m) => [m.materialCode, `${m.provision}/${m.status}`])),
    ).toEqual({
      projectDecisionDocument: 'sameStageOutput/pending',
      siteAndLandOpinion: 'upload/missing',
      landSurveyMap: 'upload/missing',
      eiaReportForm: 'upload/missing',
    });

    const incomplete = await call<FieldErrorBody>(applicant, 'POST', `/api/applications/${applicationId}/submit`);
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.code).toBe('APPLICATION_INCOMPLETE');
    expect(incomplete.body.fields?.map((f) => f.field)).toEqual([
      'formData.landAreaSqm',
      'formData.landUseType',
      'formData.landSupplyMethod',
      'formData.pollutantSummary',
      'formData.eiaPreparer',
    ]);

    const badType = await call<FieldErrorBody>(applicant, 'PUT', `/api/applications/${applicationId}`, {
      formData: { landAreaSqm: 'big', noSuchField: 1 },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.fields?.map((f) => f.field).sort()).toEqual(['formData.landAreaSqm', 'formData.noSuchField']);
  });

  it('submits with materials missing; the 补正 period runs from receipt and the window is notified', async () => {
    const saved = await call<Detail>(applicant, 'PUT', `/api/applications/${applicationId}`, {
      formData: {
        landAreaSqm: 20000,
        landUseType: '工业用地',
        landSupplyMethod: '出让',
        pollutantSummary: '废气经处理后达标排放',
        eiaPreparer: '温州环科咨询有限公司',
      },
    });
    expect(saved.status).toBe(200);
    const submitted = await call<Detail>(applicant, 'POST', `/api/applications/${applicationId}/submit`);
    expect(submitted.status).toBe(200);
    expect((await readBack(applicant, applicationId)).body).toEqual(submitted.body);
    expect(submitted.body.status).toBe('submitted');
    // Monday 2026-11-23 + 5 working days (the day of receipt not counted).
    expect(submitted.body.submittedOn).toBe('2026-11-23');
    expect(submitted.body.correctionDueOn).toBe('2026-11-30');

    const inbox = await call<{
      items: { id: string; missingMaterialCount: number; correctionWorkingDaysLeft: number }[];
    }>(windowToken, 'GET', '/api/window/applications?status=submitted');
    const item = inbox.body.items.find((i) => i.id === applicationId)!;
    expect(item.missingMaterialCount).toBe(3);
    expect(item.correctionWorkingDaysLeft).toBe(5);

    const notices = await call<{ items: { kind: string; link: string }[]; unread: number }>(
      windowToken,
      'GET',
      '/api/notifications?unread=true',
    );
    expect(notices.body.items.some((n) => n.kind === 'application.submitted' && n.link.endsWith(applicationId))).toBe(
      true,
    );
  });

  it('issues one 补正 notice naming only the application’s materials and fields', async () => {
    const wrong = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${applicationId}/corrections`, {
      items: [
        { materialCode: 'constructionDrawings', problem: 'missing', reason: '缺少' },
        { fieldCode: 'noSuchField', problem: 'invalid', reason: '有误' },
      ],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields?.map((f) => f.field)).toEqual(['items.0.materialCode', 'items.1.fieldCode']);

    const notice = await call<Detail>(windowToken, 'POST', `/api/applications/${applicationId}/corrections`, {
      items: [
        { materialCode: 'siteAndLandOpinion', problem: 'missing', reason: '未提交用地预审与选址意见书' },
        { materialCode: 'eiaReportForm', problem: 'missing', reason: '未提交环境影响报告表' },
      ],
    });
    expect(notice.status).toBe(200);
    expect(notice.body.status).toBe('correctionRequested');
    expect(notice.body.corrections).toHaveLength(1);
    expect(notice.body.corrections[0]!.items.map((i) => i.materialCode)).toEqual([
      'siteAndLandOpinion',
      'eiaReportForm',
    ]);

    const mine = await call<{ items: { kind: string; body: string }[] }>(
      applicant,
      'GET',
      '/api/notifications?unread=true',
    );
    const told = mine.body.items.find((n) => n.kind === 'application.correction_requested')!;
    expect(told.body).toContain('siteAndLandOpinion');
    expect(told.body).toContain('eiaReportForm');

    // The notice in writing (行政许可法 art.32): a PDF the applicant side and the window can download.
    const noticeId = notice.body.corrections[0]!.id;
    const url = `/api/applications/${applicationId}/corrections/${noticeId}/notice.pdf`;
    for (const token of [applicant, windowToken]) {
      const pdf = await t.app.inject({ method: 'GET', url, headers: auth(token) });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(decodeURIComponent(String(pdf.headers['content-disposition']))).toMatch(
        /补正告知书-BZ20261123[0-9A-F]{8}\.pdf/,
      );
      if (hasTool('pdftotext')) {
        const text = pdfText(pdf.rawPayload).replace(/\s+/g, '');
        expect(text).toContain('一次性补正告知书');
        expect(text).toContain('需补正内容（共2项）');
        expect(text).toContain('未提交用地预审与选址意见书');
        expect(text).toContain('未提交环境影响报告表');
        expect(text).toContain(notice.body.projectCode!);
        // Items are named as the applicant reads them, not by code.
        const names = notice.body.materials
          .filter((m) => ['siteAndLandOpinion', 'eiaReportForm'].includes(m.materialCode))
          .map((m) => m.name.replace(/\s+/g, ''));
        for (const name of names) expect(text).toContain(`材料「${name}」：缺少`);
      }
    }
    const unknown = `/api/applications/${applicationId}/corrections/00000000-0000-4000-8000-000000000000/notice.pdf`;
    expect((await t.app.inject({ method: 'GET', url: unknown, headers: auth(applicant) })).statusCode).toBe(404);
  });

  it('refuses a supplement until every item is supplied, then restarts the window’s period from it', async () => {
    const early = await call<FieldErrorBody>(applicant, 'POST', `/api/applications/${applicationId}/supplement`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CORRECTION_NOT_ADDRESSED');
    expect(early.body.fields?.map((f) => f.field)).toEqual(['items.0', 'items.1']);

    expect((await upload(applicant, applicationId, 'siteAndLandOpinion', PDF)).status).toBe(200);
    const half = await call<FieldErrorBody>(applicant, 'POST', `/api/applications/${applicationId}/supplement`);
    expect(half.body.fields?.map((f) => f.field)).toEqual(['items.1']);
    expect((await upload(applicant, applicationId, 'eiaReportForm', PDF, '环评报告表.pdf')).status).toBe(200);

    await moveClock('2026-11-24T10:00:00+08:00');
    const supplemented = await call<Detail>(applicant, 'POST', `/api/applications/${applicationId}/supplement`);
    expect(supplemented.status).toBe(200);
    expect(supplemented.body.status).toBe('submitted');
    expect(supplemented.body.submittedOn).toBe('2026-11-24');
    expect(supplemented.body.correctionDueOn).toBe('2026-12-01');
    expect(supplemented.body.corrections[0]!.supplementedOn).toBe('2026-11-24');
  });

  it('applies the acceptance rules: normal needs every material; 容缺 only tolerable ones with a due date', async () => {
    const normal = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${applicationId}/accept`, {
      mode: 'normal',
    });
    expect(normal.status).toBe(409);
    expect(normal.body.code).toBe('MATERIALS_INCOMPLETE');
    expect(normal.body.fields?.map((f) => f.field)).toEqual(['materials.landSurveyMap']);

    const noDate = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${applicationId}/accept`, {
      mode: 'tolerance',
    });
    expect(noDate.status).toBe(400);
    expect(noDate.body.fields?.[0]?.field).toBe('toleranceDueOn');
    const past = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${applicationId}/accept`, {
      mode: 'tolerance',
      toleranceDueOn: '2026-11-24',
    });
    expect(past.status).toBe(400);

    const accepted = await call<Detail>(windowToken, 'POST', `/api/applications/${applicationId}/accept`, {
      mode: 'tolerance',
      toleranceDueOn: '2026-12-20',
      opinion: '勘测定界图容缺，限期补齐',
    });
    expect(accepted.status).toBe(200);
    expect((await readBack(windowToken, applicationId)).body).toEqual(accepted.body);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.acceptanceMode).toBe('tolerance');
    expect(accepted.body.acceptedOn).toBe('2026-11-24');
    expect(accepted.body.toleranceDueOn).toBe('2026-12-20');
    expect(accepted.body.receiptNumber).toMatch(/^SL33030220261124[A-Z0-9]{6}$/);
    expect(material(accepted.body, 'landSurveyMap').status).toBe('tolerated');
    // Parallel dispatch: one case per matter, all at once.
    expect(accepted.body.cases.map((c) => c.matterCode).sort()).toEqual(
      ['eco.eiaReportForm', 'ndrc.filing', 'nr.landUsePlanningPermit'].sort(),
    );
  });

  it('serves the 受理回执 PDF and takes the tolerated material after acceptance', async () => {
    const receipt = await t.app.inject({
      method: 'GET',
      url: `/api/applications/${applicationId}/receipt.pdf`,
      headers: auth(applicant),
    });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(receipt.headers['content-disposition']).toContain('filename*=UTF-8');

    const late = await upload(applicant, applicationId, 'landSurveyMap', PNG, '勘测定界图.png');
    expect(late.status).toBe(200);
    expect(late.body.status).toBe('provided');
    // A material that was not tolerated cannot be replaced after acceptance.
    const replaced = await upload(applicant, applicationId, 'eiaReportForm', PDF);
    expect(replaced.status).toBe(409);
  });

  it('keeps the window to its region subtree', async () => {
    const [model] = await t.ctx.db.select().from(users).where(eq(users.username, 'window'));
    await t.ctx.db.insert(users).values({
      username: 'window-ouhai',
      displayName: '瓯海区窗口（测试）',
      passwordHash: model!.passwordHash,
      role: 'window',
      regionCode: '330304',
    });
    const other = await t.login('window-ouhai');
    const inbox = await call<{ items: { id: string }[]; total: number }>(other, 'GET', '/api/window/applications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((i) => i.id)).not.toContain(applicationId);
    expect((await call(other, 'GET', `/api/applications/${applicationId}`)).status).toBe(404);
    expect((await call(windowToken, 'GET', `/api/applications/${applicationId}`)).status).toBe(200);
    // The applicant cannot act as the window.
    expect((await call(applicant, 'POST', `/api/applications/${applicationId}/reject`, { reason: 'x' })).status).toBe(
      403,
    );
  });
});

describe('容缺 refused for a main material; 不予受理', () => {
  it('refuses 容缺 when a main material is missing, then rejects with a reason', async () => {
    await moveClock('2026-11-25T09:00:00+08:00');
    const projectId = await filedProject('容缺拒绝测试项目');
    const created = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'projectAndLand',
      facts: ['newLand', 'eiaReportForm'],
    });
    const id = created.body.id;
    await fillLandAndEiaForm(id);
    expect((await upload(applicant, id, 'siteAndLandOpinion', PDF)).status).toBe(200);
    expect((await call(applicant, 'POST', `/api/applications/${id}/submit`)).status).toBe(200);

    const refused = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${id}/accept`, {
      mode: 'tolerance',
      toleranceDueOn: '2026-12-31',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MATERIALS_INCOMPLETE');
    // eiaReportForm is a main material: never 容缺 (DOMAIN.md §6); landSurveyMap is tolerable.
    expect(refused.body.fields?.map((f) => f.field)).toEqual(['materials.eiaReportForm']);

    const commitment = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${id}/accept`, {
      mode: 'commitment',
    });
    expect(commitment.status).toBe(409);
    expect(commitment.body.code).toBe('MATERIALS_INCOMPLETE');

    const blank = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${id}/reject`, { reason: '   ' });
    expect(blank.status).toBe(400);
    const rejected = await call<Detail>(windowToken, 'POST', `/api/applications/${id}/reject`, {
      reason: '项目选址不在本机关受理范围',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.rejectionReason).toBe('项目选址不在本机关受理范围');
    // A rejected application may be followed by a new one for the stage.
    const again = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'projectAndLand',
      facts: [],
    });
    expect(again.status).toBe(201);
  });

  it('Prefer: return=minimal: created 201 with Location only, submitted and accepted 204; the changes are made', async () => {
    const projectId = await filedProject('简要应答测试项目');
    const minimal = (token: string, url: string, payload?: Record<string, unknown>, headers = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...auth(token), prefer: 'return=minimal', ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
    const creation = [
      applicant,
      `/api/projects/${projectId}/applications`,
      { stageCode: 'projectAndLand', facts: ['newLand', 'eiaReportForm'] },
      { 'idempotency-key': `minimal-create-${projectId}` },
    ] as const;
    const created = await minimal(...creation);
    expect(created.statusCode).toBe(201);
    expect(created.body).toBe('');
    expect(created.headers['preference-applied']).toBe('return=minimal');
    const id = /^\/api\/applications\/([0-9a-f-]{36})$/.exec(String(created.headers.location))?.[1];
    expect(id).toBeDefined();
    expect((await readBack(applicant, id!)).body).toMatchObject({ id, status: 'draft', projectId });
    // A retry whose first answer was lost learns what was created: the replay keeps Location (and creates nothing).
    const retried = await minimal(...creation);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotency-replayed']).toBe('true');
    expect(retried.headers.location).toBe(created.headers.location);
    expect(retried.headers['preference-applied']).toBe('return=minimal');

    await fillLandAndEiaForm(id!);
    for (const code of ['siteAndLandOpinion', 'landSurveyMap', 'eiaReportForm'])
      expect((await upload(applicant, id!, code, PDF)).status).toBe(200);
    const submitted = await minimal(applicant, `/api/applications/${id}/submit`);
    expect(submitted.statusCode).toBe(204);
    expect(submitted.body).toBe('');
    expect((await readBack(applicant, id!)).body.status).toBe('submitted');

    const accepted = await minimal(windowToken, `/api/applications/${id}/accept`, { mode: 'normal' });
    expect(accepted.statusCode).toBe(204);
    expect(accepted.headers['preference-applied']).toBe('return=minimal');
    const after = (await readBack(windowToken, id!)).body;
    expect(after.status).toBe('accepted');
    expect(after.cases).toHaveLength(3);

    // Without the preference, the answer is the view, as a fresh read shows it.
    const again = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'engineeringPermit',
      facts: [],
    });
    expect(again.status).toBe(201);
    expect((await readBack(applicant, again.body.id)).body).toEqual(again.body);
  });
});

describe('uploads and the material package (两个不得)', () => {
  let projectId: string;
  let stage2: string;

  beforeAll(async () => {
    projectId = await filedProject('材料包复用测试项目');
    const created = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'engineeringPermit',
      facts: [],
    });
    expect(created.status).toBe(201);
    stage2 = created.body.id;
  });

  it('sniffs the type from the content: a PNG named .pdf is stored as PNG', async () => {
    const stored = await upload(applicant, stage2, 'designScheme', PNG, '设计方案.pdf', 'application/pdf');
    expect(stored.status).toBe(200);
    expect(stored.body.file?.mediaType).toBe('image/png');
    expect(stored.body.file?.fileName).toBe('设计方案.pdf');
    expect(stored.body.file?.sizeBytes).toBe(PNG.length);
    // No Content-Type at all: the bytes decide.
    const bare = await t.app.inject({
      method: 'PUT',
      url: `/api/applications/${stage2}/materials/projectDecisionDocument/file?fileName=decision.jpg`,
      headers: auth(applicant),
      payload: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]),
    });
    expect(bare.statusCode).toBe(200);
    expect(bare.json<Material>().file?.mediaType).toBe('image/jpeg');
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/project-materials/${stored.body.file!.projectMaterialId}/file`,
      headers: auth(applicant),
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(download.rawPayload, PNG)).toBe(0);
  });

  it('refuses an executable named .pdf (415) and an oversize file (413), storing nothing', async () => {
    const before = await databaseFingerprint(t.ctx);
    const exe = await upload(applicant, stage2, 'landApproval', EXE, 'setup.pdf', 'application/pdf');
    expect(exe.status).toBe(415);
    expect(exe.body.code).toBe('FILE_TYPE_REFUSED');
    const big = await upload(applicant, stage2, 'landApproval', Buffer.concat([PDF, Buffer.alloc(UPLOAD_LIMIT)]));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('FILE_TOO_LARGE');
    const empty = await upload(applicant, stage2, 'landApproval', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });

  it('replays an upload retried with its Idempotency-Key, and refuses the key with another file (422)', async () => {
    // A phone that lost the answer sends the same file again with the same key (apps/web http.ts): one upload.
    const put = (key: string, content: Buffer) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/applications/${stage2}/materials/designScheme/file?fileName=${encodeURIComponent('设计方案.pdf')}`,
        headers: { ...auth(applicant), 'content-type': 'application/pdf', 'idempotency-key': key },
        payload: content,
      });
    const file = Buffer.concat([PDF, Buffer.from('设计方案 v2')]);
    const first = await put('upload-key-1', file);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    const before = await databaseFingerprint(t.ctx);
    const again = await put('upload-key-1', file);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const otherFile = await put('upload-key-1', Buffer.concat([PDF, Buffer.from('设计方案 v3')]));
    expect(otherFile.statusCode).toBe(422);
    expect(otherFile.json<{ code: string }>().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });

  it('finds a material provided with stage 2 in the package for stage 3 and never asks for it again', async () => {
    const uploaded = await upload(applicant, stage2, 'landApproval', PDF, '用地批准文件.pdf');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.matterCodes).toEqual(['nr.constructionPlanningPermit']);

    const form = await call<{
      materials: { code: string; provision: string }[];
      held: { materials: { materialCode: string; projectMaterialId: string }[] };
    }>(applicant, 'GET', `/api/projects/${projectId}/stage-form?stageCode=constructionPermit`);
    expect(form.body.materials.find((m) => m.code === 'landApproval')!.provision).toBe('materialPackage');
    expect(form.body.held.materials.map((m) => m.materialCode).sort()).toEqual([
      'designScheme',
      'landApproval',
      'projectDecisionDocument',
    ]);

    const stage3 = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'constructionPermit',
      facts: [],
    });
    expect(stage3.status).toBe(201);
    const landApproval = material(stage3.body, 'landApproval');
    expect(landApproval.provision).toBe('materialPackage');
    expect(landApproval.status).toBe('provided');
    expect(landApproval.file?.projectMaterialId).toBe(uploaded.body.file!.projectMaterialId);
    expect(landApproval.file?.fileName).toBe('用地批准文件.pdf');
    // Materials nobody provided yet are still asked for.
    expect(material(stage3.body, 'constructionDrawings').status).toBe('missing');
  });
});

describe('告知承诺 acceptance and verification', () => {
  let id: string;

  it('needs a signed commitment for every missing material, then creates verification tasks', async () => {
    await moveClock('2026-11-26T09:00:00+08:00');
    // 温州生态园 has no 住建 department of its own: the cases go to the city's (国办发〔2019〕11号 dispatch by region).
    const projectId = await filedProject('告知承诺测试项目', '330354');
    const created = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'constructionPermit',
      facts: [],
    });
    id = created.body.id;
    for (const code of [
      'constructionDrawings',
      'constructionPlanningPermit',
      'landApproval',
      'constructionContract',
      'supervisionContract',
      'qualitySafetyMeasures',
    ]) {
      expect((await upload(applicant, id, code, PDF)).status).toBe(200);
    }
    await call(applicant, 'PUT', `/api/applications/${id}`, {
      formData: {
        buildingAreaSqm: 15000,
        designUnit: '温州建筑设计院',
        contractPriceWan: 6000,
        constructionUnit: '瓯江建设集团',
        plannedStartDate: '2027-03-01',
      },
    });
    const submitted = await call<Detail>(applicant, 'POST', `/api/applications/${id}/submit`);
    expect(submitted.status).toBe(200);

    const unsigned = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${id}/accept`, {
      mode: 'commitment',
    });
    expect(unsigned.status).toBe(409);
    expect(unsigned.body.fields?.map((f) => f.field).sort()).toEqual([
      'materials.fundingArrangement',
      'materials.siteReadiness',
    ]);

    const noCommitmentText = await call<FieldErrorBody>(
      applicant,
      'POST',
      `/api/applications/${id}/materials/constructionDrawings/commitment`,
      { agreed: true },
    );
    expect(noCommitmentText.status).toBe(409);
    const signed = await call<Material>(
      applicant,
      'POST',
      `/api/applications/${id}/materials/fundingArrangement/commitment`,
      {
        agreed: true,
      },
    );
    expect(signed.status).toBe(200);
    expect(signed.body.committedAt).not.toBeNull();
    const half = await call<FieldErrorBody>(windowToken, 'POST', `/api/applications/${id}/accept`, {
      mode: 'commitment',
    });
    expect(half.body.fields?.map((f) => f.field)).toEqual(['materials.siteReadiness']);
    await call(applicant, 'POST', `/api/applications/${id}/materials/siteReadiness/commitment`, { agreed: true });

    const accepted = await call<Detail>(windowToken, 'POST', `/api/applications/${id}/accept`, { mode: 'commitment' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.acceptanceMode).toBe('commitment');
    expect(material(accepted.body, 'fundingArrangement').status).toBe('committed');
    expect(material(accepted.body, 'siteReadiness').status).toBe('committed');

    const tasks = await t.ctx.db.select().from(verificationTasks).where(eq(verificationTasks.applicationId, id));
    expect(tasks.map((x) => x.materialCode).sort()).toEqual(['fundingArrangement', 'siteReadiness']);
    expect(tasks.every((x) => x.dueOn === '2027-02-26' && x.status === 'open' && x.caseId !== null)).toBe(true);

    const receipt = await t.app.inject({
      method: 'GET',
      url: `/api/applications/${id}/receipt.pdf`,
      headers: auth(windowToken),
    });
    expect(receipt.statusCode).toBe(200);
  });

  it('lets the housing department complete its verification tasks', async () => {
    const housing = await t.login('housing-approver');
    const list = await call<{ items: { id: string; materialCode: string; status: string; matterCode: string }[] }>(
      housing,
      'GET',
      '/api/verification-tasks?status=open',
    );
    expect(list.status).toBe(200);
    const mine = list.body.items.filter((x) => ['fundingArrangement', 'siteReadiness'].includes(x.materialCode));
    expect(mine).toHaveLength(2);
    expect(mine.every((x) => x.matterCode === 'housing.constructionPermit')).toBe(true);

    const ndrc = await t.login('department');
    const notTheirs = await call<FieldErrorBody>(ndrc, 'POST', `/api/verification-tasks/${mine[0]!.id}/complete`, {
      passed: true,
      result: '核查属实',
    });
    expect(notTheirs.status).toBe(404);

    const done = await call<{ status: string; result: string }>(
      housing,
      'POST',
      `/api/verification-tasks/${mine[0]!.id}/complete`,
      { passed: true, result: '资金证明与银行回函一致' },
    );
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('passed');
    const twice = await call<FieldErrorBody>(housing, 'POST', `/api/verification-tasks/${mine[0]!.id}/complete`, {
      passed: true,
      result: '再次',
    });
    expect(twice.status).toBe(409);
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'verification.completed'), eq(auditEvents.targetId, mine[0]!.id)));
    expect(audit).toHaveLength(1);

    // A commitment found false is recorded as failed (the licence issued on it, if any, is revoked).
    const failed = await call<{ status: string; result: string }>(
      housing,
      'POST',
      `/api/verification-tasks/${mine[1]!.id}/complete`,
      { passed: false, result: '施工场地尚未完成拆迁' },
    );
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'failed', result: '施工场地尚未完成拆迁' });
    const supervisorList = await call<{ items: { id: string; status: string }[] }>(
      await t.login('supervisor'),
      'GET',
      '/api/verification-tasks',
    );
    expect(
      supervisorList.body.items
        .filter((x) => x.id === mine[0]!.id || x.id === mine[1]!.id)
        .map((x) => x.status)
        .sort(),
    ).toEqual(['failed', 'passed']);
  });
});

describe('notifications', () => {
  it('lists, marks one read and marks all read', async () => {
    const list = await call<{ items: { id: string; readAt: string | null }[]; unread: number }>(
      applicant,
      'GET',
      '/api/notifications?unread=true',
    );
    expect(list.status).toBe(200);
    expect(list.body.unread).toBeGreaterThan(1);
    const first = list.body.items[0]!;
    const read = await call<{ updated: number }>(applicant, 'POST', `/api/notifications/${first.id}/read`);
    expect(read.body.updated).toBe(1);
    const after = await call<{ unread: number }>(applicant, 'GET', '/api/notifications');
    expect(after.body.unread).toBe(list.body.unread - 1);
    // Someone else's notice is not found.
    expect((await call(windowToken, 'POST', `/api/notifications/${first.id}/read`)).status).toBe(404);
    const all = await call<{ updated: number }>(applicant, 'POST', '/api/notifications/read-all');
    expect(all.body.updated).toBe(list.body.unread - 1);
    expect((await call<{ unread: number }>(applicant, 'GET', '/api/notifications')).body.unread).toBe(0);
  });
});

describe('credit grades', () => {
  it('records grades (supervisor), shows them to the enterprise, and bad credit closes the commitment route', async () => {
    const me = await call<{ id: string }>(applicant, 'GET', '/api/enterprises/me');
    const enterpriseId = me.body.id;
    const supervisor = await t.login('supervisor');
    expect(
      (
        await call(windowToken, 'POST', `/api/enterprises/${enterpriseId}/credit-grades`, {
          scheme: 'tax',
          grade: 'A',
          source: 'x',
        })
      ).status,
    ).toBe(403);
    const recorded = await call<{ grade: string }>(
      supervisor,
      'POST',
      `/api/enterprises/${enterpriseId}/credit-grades`,
      {
        scheme: 'public-credit',
        grade: 'D',
        source: '信用中国（浙江）',
        validUntil: '2027-12-31',
      },
    );
    expect(recorded.status).toBe(201);
    const seen = await call<{
      items: { grade: string }[];
      privileges: { commitmentAllowed: boolean; badCredit: boolean };
    }>(applicant, 'GET', `/api/enterprises/${enterpriseId}/credit-grades`);
    // Newest first; the bad grade outweighs any good one (国办发〔2020〕42号).
    expect(seen.body.items[0]).toMatchObject({ scheme: 'public-credit', grade: 'D', source: '信用中国（浙江）' });
    expect(seen.body.privileges).toMatchObject({ commitmentAllowed: false, badCredit: true });

    const projectId = await filedProject('失信企业测试项目');
    const created = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
      stageCode: 'constructionPermit',
      facts: [],
    });
    const refused = await call<FieldErrorBody>(
      applicant,
      'POST',
      `/api/applications/${created.body.id}/materials/fundingArrangement/commitment`,
      { agreed: true },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CREDIT_ROUTE_REFUSED');
  });
});

describe('credit green channel in the window inbox', () => {
  /** A new enterprise with its own applicant account, a filed project and a submitted stage application. */
  async function submittedFor(
    creditCode: string,
    name: string,
  ): Promise<{ enterpriseId: string; applicationId: string }> {
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/enterprises/register',
      payload: {
        creditCode,
        name,
        legalRepresentative: '张三',
        regionCode: '330302',
        contactName: '李四',
        contactPhone: '13812345678',
        contactIdNumber: '11010519491231002X',
        account: { username: `green-${creditCode.slice(-6)}`, password: TEST_PASSWORD, displayName: `${name}经办人` },
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const token = await t.login(`green-${creditCode.slice(-6)}`);
    const project = await call<{ id: string }>(
      token,
      'POST',
      '/api/projects',
      filingProject(`${name}绿色通道测试项目`),
    );
    expect((await call(token, 'POST', `/api/projects/${project.body.id}/submit`)).status).toBe(200);
    const created = await call<Detail>(token, 'POST', `/api/projects/${project.body.id}/applications`, {
      stageCode: 'projectAndLand',
      facts: [],
    });
    expect(created.status).toBe(201);
    const submitted = await call<Detail>(token, 'POST', `/api/applications/${created.body.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    return {
      enterpriseId: registered.json<{ enterprise: { id: string } }>().enterprise.id,
      applicationId: created.body.id,
    };
  }

  it('lists the green channel first, even when it was submitted later', async () => {
    // Submitted first, no grade.
    const plain = await submittedFor('914403001922038216', '普通信用测试企业');
    t.clock.set(new Date(t.clock.now().getTime() + 60_000).toISOString());
    // Submitted a minute later, by an enterprise the supervisor graded A before it submitted → priority.
    const graded = await submittedForGraded(await t.login('supervisor'));
    windowToken = await t.login('window');
    const inbox = await call<{ items: { id: string; priority: boolean }[] }>(
      windowToken,
      'GET',
      `/api/window/applications?status=submitted&q=${encodeURIComponent('绿色通道测试')}`,
    );
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((i) => i.id)).toEqual([graded.applicationId, plain.applicationId]);
    expect(inbox.body.items.map((i) => i.priority)).toEqual([true, false]);
  });

  async function submittedForGraded(supervisor: string) {
    // Register first, grade, then submit: priority is fixed at submission from the grades valid then.
    const creditCode = '91330100799655058B';
    const name = '守信测试企业';
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/enterprises/register',
      payload: {
        creditCode,
        name,
        legalRepresentative: '王五',
        regionCode: '330302',
        contactName: '赵六',
        contactPhone: '13900001111',
        contactIdNumber: '11010519491231002X',
        account: { username: 'green-graded', password: TEST_PASSWORD, displayName: '守信企业经办人' },
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const enterpriseId = registered.json<{ enterprise: { id: string } }>().enterprise.id;
    const grade = await call(supervisor, 'POST', `/api/enterprises/${enterpriseId}/credit-grades`, {
      scheme: 'public-credit',
      grade: 'A',
      source: '公共信用评价（测试）',
      validUntil: '2027-12-31',
    });
    expect(grade.status, JSON.stringify(grade.body)).toBe(201);
    const token = await t.login('green-graded');
    const project = await call<{ id: string }>(
      token,
      'POST',
      '/api/projects',
      filingProject(`${name}绿色通道测试项目`),
    );
    expect((await call(token, 'POST', `/api/projects/${project.body.id}/submit`)).status).toBe(200);
    const created = await call<Detail>(token, 'POST', `/api/projects/${project.body.id}/applications`, {
      stageCode: 'projectAndLand',
      facts: [],
    });
    expect(created.status).toBe(201);
    const submitted = await call<Detail>(token, 'POST', `/api/applications/${created.body.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    return { enterpriseId, applicationId: created.body.id };
  }
});

describe('补正 auto-acceptance sweep (行政许可法 art.32)', () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await createTestApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('does nothing on day 5 and deems the application accepted from receipt on day 6', async () => {
    s.clock.set('2026-11-20T10:00:00+08:00'); // a Friday
    let token = await s.login('applicant');
    const request = async <T>(method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const r = await s.app.inject({ method, url, headers: auth(token), ...(payload ? { payload } : {}) });
      return r.json<T>();
    };
    const project = await request<{ id: string }>('POST', '/api/projects', filingProject('视为受理测试项目'));
    await request('POST', `/api/projects/${project.id}/submit`);
    const created = await request<Detail>('POST', `/api/projects/${project.id}/applications`, {
      stageCode: 'projectAndLand',
      facts: [],
    });
    const submitted = await request<Detail>('POST', `/api/applications/${created.id}/submit`);
    expect(submitted.status).toBe('submitted');
    expect(submitted.correctionDueOn).toBe('2026-11-27');

    s.clock.set('2026-11-27T23:00:00+08:00');
    expect((await runApplicationSweeps(s.ctx)).deemedAccepted).toBe(0);
    const [day5] = await s.ctx.db.select().from(stageApplications).where(eq(stageApplications.id, created.id));
    expect(day5!.status).toBe('submitted');

    s.clock.set('2026-11-30T00:05:00+08:00');
    expect(await runApplicationSweeps(s.ctx)).toEqual({ deemedAccepted: 1, toleranceLapsed: 0, failed: 0 });
    token = await s.login('applicant');
    const detail = await request<Detail>('GET', `/api/applications/${created.id}`);
    expect(detail.status).toBe('accepted');
    expect(detail.deemedAccepted).toBe(true);
    expect(detail.acceptanceMode).toBe('normal');
    expect(detail.acceptedOn).toBe('2026-11-20');
    expect(detail.receiptNumber).toMatch(/^SL33030220261120/);
    expect(detail.cases.map((c) => c.matterCode)).toEqual(['ndrc.filing']);
    const audit = await s.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'application.deemed_accepted'), eq(auditEvents.targetId, created.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorUsername).toBe('system');

    // Idempotent: a second run finds nothing.
    expect((await runApplicationSweeps(s.ctx)).deemedAccepted).toBe(0);
    const windowNotices = await s.app.inject({
      method: 'GET',
      url: '/api/notifications',
      headers: auth(await s.login('window')),
    });
    expect(windowNotices.json<{ items: { kind: string }[] }>().items.map((n) => n.kind)).toContain(
      'application.deemed_accepted',
    );
  });
  it('lapses the matters of a 容缺 material not supplied by its due day, once', async () => {
    s.clock.set('2026-12-01T09:00:00+08:00');
    const token = await s.login('applicant');
    const windowUser = await s.login('window');
    const request = async <T>(who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const r = await s.app.inject({ method, url, headers: auth(who), ...(payload ? { payload } : {}) });
      return { status: r.statusCode, body: r.json<T>() };
    };
    const project = await request<{ id: string }>(
      token,
      'POST',
      '/api/projects',
      filingProject('容缺逾期测试项目', '330354'),
    );
    await request(token, 'POST', `/api/projects/${project.body.id}/submit`);
    const created = await request<Detail>(token, 'POST', `/api/projects/${project.body.id}/applications`, {
      stageCode: 'completionAcceptance',
      facts: [],
    });
    const id = created.body.id;
    await request(token, 'PUT', `/api/applications/${id}`, {
      formData: { buildingAreaSqm: 15000, completionDate: '2026-11-15', acceptanceDate: '2026-11-28' },
    });
    for (const code of ['completionReport', 'asBuiltSurvey', 'constructionPlanningPermit', 'qualityWarranty']) {
      const uploaded = await s.app.inject({
        method: 'PUT',
        url: `/api/applications/${id}/materials/${code}/file?fileName=${code}.pdf`,
        headers: { ...auth(token), 'content-type': 'application/pdf' },
        payload: PDF,
      });
      expect(uploaded.statusCode).toBe(200);
    }
    expect((await request(token, 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const accepted = await request<Detail>(windowUser, 'POST', `/api/applications/${id}/accept`, {
      mode: 'tolerance',
      toleranceDueOn: '2026-12-04',
    });
    expect(accepted.status).toBe(200);
    expect(material(accepted.body, 'projectArchives').status).toBe('tolerated');

    s.clock.set('2026-12-04T20:00:00+08:00');
    expect((await runApplicationSweeps(s.ctx)).toleranceLapsed).toBe(0);
    s.clock.set('2026-12-05T01:00:00+08:00');
    expect(await runApplicationSweeps(s.ctx)).toEqual({ deemedAccepted: 0, toleranceLapsed: 1, failed: 0 });
    expect((await runApplicationSweeps(s.ctx)).toleranceLapsed).toBe(0);
    const detail = await request<Detail & { cases: { matterCode: string; status: string }[] }>(
      await s.login('applicant'),
      'GET',
      `/api/applications/${id}`,
    );
    expect(material(detail.body, 'projectArchives').status).toBe('missing');
    // projectArchives is needed by the joint acceptance: that case is not approved (DOMAIN.md §6).
    expect(detail.body.cases.find((c) => c.matterCode === 'housing.jointAcceptance')!.status).toBe('denied');
    const audit = await s.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'case.tolerance_lapsed'), eq(auditEvents.targetId, id)));
    expect(audit).toHaveLength(1);
  });
});

describe('submission and a draft edited at the same moment', () => {
  // Two real connections are needed: one holds the application's lock while the submission waits for it.
  it.skipIf(testDatabaseKind === 'pglite')(
    'checks the draft as the lock finds it: a required field cleared meanwhile is refused, nothing submitted',
    async () => {
      const projectId = await filedProject('瓯江口冷链物流中心（并发提交测试）');
      const created = await call<Detail>(applicant, 'POST', `/api/projects/${projectId}/applications`, {
        stageCode: 'projectAndLand',
        facts: ['newLand', 'eiaReportForm'],
      });
      const id = created.body.id;
      expect((await fillLandAndEiaForm(id)).status).toBe(200);

      // Another editor holds the draft and clears a required field; the submission starts meanwhile, reading the
      // complete draft before its transaction — then waits for the lock.
      const editor = await t.ctx.database.pool.connect();
      try {
        await editor.query('BEGIN');
        await editor.query('SELECT id FROM stage_applications WHERE id = $1 FOR UPDATE', [id]);
        await editor.query(`UPDATE stage_applications SET form_data = form_data - 'eiaPreparer' WHERE id = $1`, [id]);
        const submitting = call<FieldErrorBody>(applicant, 'POST', `/api/applications/${id}/submit`);
        for (let i = 0; i < 100; i += 1) {
          const waiting = await t.ctx.database.pool.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          );
          if (waiting.rows[0].n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await editor.query('COMMIT');
        const refused = await submitting;
        expect(refused.status).toBe(400);
        expect(refused.body.code).toBe('APPLICATION_INCOMPLETE');
        expect(refused.body.fields?.map((f) => f.field)).toEqual(['formData.eiaPreparer']);
      } finally {
        editor.release();
      }
      const after = await readBack(applicant, id);
      expect(after.body.status).toBe('draft');
      expect(after.body.submittedOn).toBeNull();
    },
  );
});
