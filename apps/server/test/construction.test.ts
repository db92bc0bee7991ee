import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  constructionReports,
  licences,
  notifications,
  projects,
  stageApplications,
  users,
} from '../src/db/schema/index.ts';
import { loadConfig } from '../src/config/env.ts';
import { runConstructionSweeps } from '../src/modules/construction/construction-sweeps.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/**
 * 事中事后监管 (DOMAIN.md §7): 开工 / 进度 / 停工 / 复工 / 竣工 reports, the 开工 check against the licences the project
 * holds (体外循环 signals), the reporting calendar (monthly, due on the 10th of the next month by default), the
 * supervisor's list and the reminder / overdue sweep. The test clock starts on 2026-11-23 (Beijing).
 */

interface Construction {
  status: string;
  startedOn: string | null;
  completedOn: string | null;
  percentComplete: number | null;
  investmentToDate: number | null;
  findings: { code: string; text: string }[];
  periods: { start: string; end: string; label: string; dueOn: string; state: string }[];
  overdueCount: number;
  allowedKinds: string[];
  reports: {
    kind: string;
    findings: { code: string }[];
    period: { label: string } | null;
    photos: { id: string; fileName: string }[];
  }[];
  canInspect: boolean;
  inspections: { result: string; rectificationDue: string | null; inspectorName: string }[];
}

interface ConstructionList {
  pastDuePeriod: { end: string; label: string };
  counts: Record<string, number>;
  total: number;
  items: { projectId: string; status: string; overdue: boolean; findings: { code: string }[] }[];
}

let t: TestApp;
let applicant: string;
let supervisor: string;
let windowClerk: string;
let applicantId: string;
let enterpriseId: string;
let supervisorId: string;

beforeAll(async () => {
  t = await createTestApp();
  [applicant, supervisor, windowClerk] = await Promise.all([
    t.login('applicant'),
    t.login('supervisor'),
    t.login('window'),
  ]);
  const [a] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
  const [s] = await t.ctx.db.select().from(users).where(eq(users.username, 'supervisor'));
  applicantId = a!.id;
  enterpriseId = a!.enterpriseId!;
  supervisorId = s!.id;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

let sequence = 0;

/** A project of the demo enterprise, written directly (its construction is what is tested, not its registration). */
async function project(
  init: { status?: 'coded' | 'filed' | 'draft'; procedure?: 'filing' | 'ratification'; regionCode?: string } = {},
): Promise<string> {
  sequence += 1;
  const status = init.status ?? 'coded';
  const [row] = await t.ctx.db
    .insert(projects)
    .values({
      enterpriseId,
      createdBy: applicantId,
      name: `建设监管测试项目 ${sequence}`,
      status,
      code: status === 'draft' ? null : `TEST-CONSTR-${sequence}-${crypto.randomBytes(3).toString('hex')}`,
      regionCode: init.regionCode ?? '330302',
      procedure: init.procedure ?? 'ratification',
      investmentNature: 'enterprise',
      totalInvestment: '1000',
    })
    .returning();
  return row!.id;
}

/** A licence row of the project (only type, validity and revocation matter to the 开工 check). */
async function licence(projectId: string, licenceType: string, validUntil: string | null): Promise<void> {
  await t.ctx.db.insert(licences).values({
    number: `330300-2026-T-${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
    projectId,
    enterpriseId,
    licenceType,
    canonical: '{}',
    signature: 'test',
    publicKey: 'test',
    issuedAt: t.ctx.clock.now(),
    issuedOn: '2026-06-01',
    validUntil,
  });
}

async function report(token: string, projectId: string, body: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/projects/${projectId}/construction/reports`,
    headers: { authorization: `Bearer ${token}` },
    payload: body,
  });
}

async function reportOk(projectId: string, body: Record<string, unknown>): Promise<Construction> {
  const response = await report(applicant, projectId, body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Construction>();
}

const construction = (token: string, projectId: string) =>
  t.getOk<Construction>(token, `/api/projects/${projectId}/construction`);

describe('开工 against the licences the project holds', () => {
  it('a 核准 project with its decision and a valid construction permit starts with no finding', async () => {
    const id = await project();
    await licence(id, 'projectDecision', '2028-06-01');
    await licence(id, 'constructionPermit', '2026-12-01');
    const before = await construction(applicant, id);
    expect(before.status).toBe('notStarted');
    expect(before.allowedKinds).toEqual(['start']);
    const after = await reportOk(id, { kind: 'start', occurredOn: '2026-11-20', description: '主体工程开工' });
    expect(after.status).toBe('underConstruction');
    expect(after.startedOn).toBe('2026-11-20');
    expect(after.findings).toEqual([]);
    expect(after.allowedKinds).toEqual(['progress', 'suspension', 'completion']);
    // A second 开工 is refused.
    const again = await report(applicant, id, { kind: 'start', occurredOn: '2026-11-21', description: '再次开工' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONSTRUCTION_RULE_VIOLATED');
  });

  it('records every missing or lapsed approval as a finding and tells the supervisors of the region', async () => {
    const bare = await project();
    const noticesBefore = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, supervisorId), eq(notifications.kind, 'construction.finding')));
    const view = await reportOk(bare, { kind: 'start', occurredOn: '2026-11-02', description: '场地平整' });
    expect(view.findings.map((f) => f.code).sort()).toEqual(['noConstructionPermit', 'noProjectDecision']);
    expect(view.reports[0]!.findings.map((f) => f.code).sort()).toEqual(['noConstructionPermit', 'noProjectDecision']);
    const noticesAfter = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, supervisorId), eq(notifications.kind, 'construction.finding')));
    expect(noticesAfter.length).toBe(noticesBefore.length + 1);

    // Lapsed: the 核准 ended before the start (条例673 art.12), the permit too (建筑法 art.9); a revoked one is not held.
    const lapsed = await project();
    await licence(lapsed, 'projectDecision', '2026-10-31');
    await licence(lapsed, 'constructionPermit', '2026-09-30');
    const lapsedView = await reportOk(lapsed, { kind: 'start', occurredOn: '2026-11-02', description: '开工' });
    expect(lapsedView.findings.map((f) => f.code).sort()).toEqual([
      'constructionPermitExpired',
      'projectDecisionExpired',
    ]);

    // 备案: filed is the decision (条例673 art.13); small works declared in an application need no permit.
    const filed = await project({ status: 'filed', procedure: 'filing' });
    await t.ctx.db.insert(stageApplications).values({
      projectId: filed,
      stageCode: 'construction',
      catalogueVersion: 'x',
      status: 'draft',
      matterCodes: [],
      facts: ['smallWorks'],
      regionCode: '330302',
      createdBy: applicantId,
    });
    const filedView = await reportOk(filed, { kind: 'start', occurredOn: '2026-11-02', description: '开工' });
    expect(filedView.findings).toEqual([]);

    const [audit] = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'construction.reported'), eq(auditEvents.targetId, bare)));
    expect(audit?.after).toMatchObject({ kind: 'start', findings: expect.arrayContaining(['noProjectDecision']) });
  });

  it('refuses bad input field by field and a project with no code, storing nothing', async () => {
    const id = await project();
    const draft = await project({ status: 'draft' });
    const before = await databaseFingerprint(t.ctx);
    const future = await report(applicant, id, { kind: 'start', occurredOn: '2026-11-24', description: '' });
    expect(future.statusCode).toBe(400);
    expect(
      future
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['description', 'occurredOn']);
    const progressFirst = await report(applicant, id, {
      kind: 'progress',
      periodStart: '2026-11-01',
      percentComplete: 5,
      investmentToDate: 10,
      description: '未开工先报进度',
    });
    expect(progressFirst.statusCode).toBe(409);
    const noCode = await report(applicant, draft, { kind: 'start', occurredOn: '2026-11-02', description: '开工' });
    expect(noCode.statusCode).toBe(409);
    const staff = await report(windowClerk, id, { kind: 'start', occurredOn: '2026-11-02', description: '开工' });
    expect(staff.statusCode).toBe(403);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });
});

describe('建设进度 on the reporting calendar', () => {
  it('owes each month from the start, due on the 10th of the next; figures are cumulative', async () => {
    const id = await project();
    await reportOk(id, { kind: 'start', occurredOn: '2026-09-15', description: '开工' });
    const view = await construction(applicant, id);
    expect(view.periods.map((p) => [p.label, p.dueOn, p.state])).toEqual([
      ['2026年9月', '2026-10-10', 'overdue'],
      ['2026年10月', '2026-11-10', 'overdue'],
      ['2026年11月', '2026-12-10', 'due'],
    ]);
    expect(view.overdueCount).toBe(2);

    await reportOk(id, {
      kind: 'progress',
      periodStart: '2026-10-01',
      percentComplete: 30,
      investmentToDate: 300,
      description: '主体施工',
    });
    // An earlier period may be filed late, but not with more than the later one already says.
    const above = await report(applicant, id, {
      kind: 'progress',
      periodStart: '2026-09-01',
      percentComplete: 40,
      investmentToDate: 100,
      description: '补报',
    });
    expect(above.statusCode).toBe(400);
    expect(above.json().fields[0].field).toBe('percentComplete');
    const late = await reportOk(id, {
      kind: 'progress',
      periodStart: '2026-09-01',
      percentComplete: 10,
      investmentToDate: 100,
      description: '补报',
    });
    expect(late.overdueCount).toBe(0);
    // The summary keeps the latest period's figures, not the late report's.
    expect(late.percentComplete).toBe(30);
    expect(late.investmentToDate).toBe(300);

    const duplicate = await report(applicant, id, {
      kind: 'progress',
      periodStart: '2026-10-01',
      percentComplete: 35,
      investmentToDate: 350,
      description: '重复',
    });
    expect(duplicate.statusCode).toBe(409);
    const notFirstDay = await report(applicant, id, {
      kind: 'progress',
      periodStart: '2026-11-15',
      percentComplete: 35,
      investmentToDate: 350,
      description: '非首日',
    });
    expect(notFirstDay.statusCode).toBe(400);
    const future = await report(applicant, id, {
      kind: 'progress',
      periodStart: '2026-12-01',
      percentComplete: 35,
      investmentToDate: 350,
      description: '未来',
    });
    expect(future.statusCode).toBe(400);
    const lower = await report(applicant, id, {
      kind: 'progress',
      periodStart: '2026-11-01',
      percentComplete: 35,
      investmentToDate: 200,
      description: '投资回落',
    });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().fields[0].field).toBe('investmentToDate');
    const current = await reportOk(id, {
      kind: 'progress',
      periodStart: '2026-11-01',
      percentComplete: 35,
      investmentToDate: 380,
      description: '本月进度',
    });
    expect(current.periods.at(-1)).toMatchObject({ label: '2026年11月', state: 'reported' });
    expect(current.percentComplete).toBe(35);
  });

  it('停工 → 复工 → 竣工, with the completed investment checked against the total', async () => {
    const id = await project();
    await reportOk(id, { kind: 'start', occurredOn: '2026-10-08', description: '开工' });
    const suspended = await reportOk(id, { kind: 'suspension', occurredOn: '2026-11-01', description: '' }).catch(
      () => null,
    );
    expect(suspended).toBeNull(); // a suspension needs its reason: 400, checked below
    const noReason = await report(applicant, id, { kind: 'suspension', occurredOn: '2026-11-01', description: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields[0].field).toBe('description');
    const paused = await reportOk(id, { kind: 'suspension', occurredOn: '2026-11-01', description: '冬季停工' });
    expect(paused.status).toBe('suspended');
    expect(paused.allowedKinds).toEqual(['progress', 'resumption']);
    const completeWhileSuspended = await report(applicant, id, {
      kind: 'completion',
      occurredOn: '2026-11-20',
      investmentToDate: 900,
      description: '竣工',
    });
    expect(completeWhileSuspended.statusCode).toBe(409);
    const resumeEarly = await report(applicant, id, {
      kind: 'resumption',
      occurredOn: '2026-10-20',
      description: '复工',
    });
    expect(resumeEarly.statusCode).toBe(400);
    await reportOk(id, { kind: 'resumption', occurredOn: '2026-11-10', description: '复工' });
    const done = await reportOk(id, {
      kind: 'completion',
      occurredOn: '2026-11-20',
      investmentToDate: 1200,
      description: '竣工验收完成',
    });
    expect(done.status).toBe('completed');
    expect(done.completedOn).toBe('2026-11-20');
    expect(done.percentComplete).toBe(100);
    expect(done.reports.find((r) => r.kind === 'completion')!.findings.map((f) => f.code)).toEqual([
      'investmentOverrun',
    ]);
    expect(done.findings.map((f) => f.code)).toContain('investmentOverrun');
    expect(done.allowedKinds).toEqual([]);
    // Completed in November: October is still owed (the 竣工 report covers November only), nothing after.
    expect(done.periods.map((p) => [p.label, p.state])).toEqual([['2026年10月', 'overdue']]);
    const after = await report(applicant, id, { kind: 'suspension', occurredOn: '2026-11-21', description: '停工' });
    expect(after.statusCode).toBe(409);
  });
});

describe('the supervisor', () => {
  it('lists the projects in construction of the region, filters the overdue and those with findings', async () => {
    const overdue = await project({ regionCode: '330302' });
    await reportOk(overdue, { kind: 'start', occurredOn: '2026-09-01', description: '开工' });
    const upToDate = await project({ regionCode: '330302' });
    await licence(upToDate, 'projectDecision', null);
    await licence(upToDate, 'constructionPermit', null);
    await reportOk(upToDate, { kind: 'start', occurredOn: '2026-10-05', description: '开工' });
    await reportOk(upToDate, {
      kind: 'progress',
      periodStart: '2026-10-01',
      percentComplete: 5,
      investmentToDate: 50,
      description: '进度',
    });

    const all = await t.getOk<ConstructionList>(supervisor, '/api/supervision/construction?pageSize=200');
    expect(all.pastDuePeriod.label).toBe('2026年10月');
    const byId = new Map(all.items.map((i) => [i.projectId, i]));
    expect(byId.get(overdue)).toMatchObject({ status: 'underConstruction', overdue: true });
    expect(byId.get(upToDate)).toMatchObject({ overdue: false, findings: [] });
    expect(all.counts.total).toBe(all.total);
    expect(all.counts.overdue).toBe(all.items.filter((i) => i.overdue).length);
    expect(all.counts.withFindings).toBe(all.items.filter((i) => i.findings.length > 0).length);

    const onlyOverdue = await t.getOk<ConstructionList>(
      supervisor,
      '/api/supervision/construction?overdue=true&pageSize=200',
    );
    expect(onlyOverdue.items.every((i) => i.overdue)).toBe(true);
    expect(onlyOverdue.total).toBe(all.counts.overdue);
    expect(onlyOverdue.items.map((i) => i.projectId)).toContain(overdue);
    const withFindings = await t.getOk<ConstructionList>(
      supervisor,
      '/api/supervision/construction?withFindings=true&pageSize=200',
    );
    expect(withFindings.items.map((i) => i.projectId)).not.toContain(upToDate);
    expect(withFindings.items.map((i) => i.projectId)).toContain(overdue);

    // A region outside the supervisor's jurisdiction is refused; another supervisor's region shows nothing of this one.
    const outside = await t.app.inject({
      method: 'GET',
      url: '/api/supervision/construction?regionCode=330100',
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(outside.statusCode).toBe(404);
    const county = await t.getOk<ConstructionList>(supervisor, '/api/supervision/construction?regionCode=330304');
    expect(county.items.map((i) => i.projectId)).not.toContain(overdue);
    // Staff read a project's construction; the reporting actions are the owners'.
    const staffView = await construction(supervisor, overdue);
    expect(staffView.allowedKinds).toEqual([]);
    expect(staffView.overdueCount).toBe(2);
  });
});

describe('the reminder sweep', () => {
  it('reminds once before the due day and notifies once when a period is overdue', async () => {
    const id = await project();
    await reportOk(id, { kind: 'start', occurredOn: '2026-11-03', description: '开工' });
    const kinds = async () =>
      (
        await t.ctx.db
          .select({ kind: notifications.kind, body: notifications.body })
          .from(notifications)
          .innerJoin(projects, eq(projects.id, id))
          .where(and(eq(notifications.userId, applicantId), eq(notifications.link, `/projects/${id}`)))
      ).map((n) => n.kind);

    // 2026-12-06: November's report is due on 12-10, within the 5 reminder days.
    t.clock.set('2026-12-06T09:00:00+08:00');
    const first = await runConstructionSweeps(t.ctx);
    expect(first.failed).toBe(0);
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect(await kinds()).toEqual(['construction.progress_due']);
    expect((await runConstructionSweeps(t.ctx)).reminders).toBe(0);

    // 2026-12-11: November is overdue.
    t.clock.set('2026-12-11T09:00:00+08:00');
    const overdue = await runConstructionSweeps(t.ctx);
    expect(overdue.overdueNotices).toBeGreaterThanOrEqual(1);
    expect((await kinds()).sort()).toEqual(['construction.progress_due', 'construction.progress_overdue']);
    expect((await runConstructionSweeps(t.ctx)).overdueNotices).toBe(0);
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, 'construction.overdue_notified')));
    expect(audits).toHaveLength(1);

    // Reported late: no further notice for November; reports stay as filed.
    applicant = await t.login('applicant'); // the clock moved past the session's life
    await reportOk(id, {
      kind: 'progress',
      periodStart: '2026-11-01',
      percentComplete: 3,
      investmentToDate: 20,
      description: '补报',
    });
    const rows = await t.ctx.db.select().from(constructionReports).where(eq(constructionReports.projectId, id));
    expect(rows.map((r) => r.kind).sort()).toEqual(['progress', 'start']);
    t.clock.set('2026-11-23T09:00:00+08:00');
    applicant = await t.login('applicant');
  });
});

describe('the reporting schedule is configuration (DOMAIN.md §7: it differs by province)', () => {
  it('reports quarterly when CONSTRUCTION_PROGRESS_INTERVAL=quarterly, due on the configured day', async () => {
    const quarterly = await createTestApp({
      CONSTRUCTION_PROGRESS_INTERVAL: 'quarterly',
      CONSTRUCTION_PROGRESS_DUE_DAY: '15',
    });
    try {
      const token = await quarterly.login('applicant');
      const [owner] = await quarterly.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
      const [row] = await quarterly.ctx.db
        .insert(projects)
        .values({
          enterpriseId: owner!.enterpriseId!,
          createdBy: owner!.id,
          name: '季报测试项目',
          status: 'filed',
          code: `TEST-CONSTR-Q-${crypto.randomBytes(3).toString('hex')}`,
          regionCode: '330302',
          procedure: 'filing',
          investmentNature: 'enterprise',
          totalInvestment: '500',
        })
        .returning();
      const started = await quarterly.app.inject({
        method: 'POST',
        url: `/api/projects/${row!.id}/construction/reports`,
        headers: { authorization: `Bearer ${token}` },
        payload: { kind: 'start', occurredOn: '2026-05-04', description: '开工' },
      });
      expect(started.statusCode, started.body).toBe(200);
      const view = started.json<Construction>();
      expect(view.periods.map((p) => [p.label, p.dueOn, p.state])).toEqual([
        ['2026年第二季度', '2026-07-15', 'overdue'],
        ['2026年第三季度', '2026-10-15', 'overdue'],
        ['2026年第四季度', '2027-01-15', 'due'],
      ]);
      // A period must start on a quarter's first day.
      const monthStart = await quarterly.app.inject({
        method: 'POST',
        url: `/api/projects/${row!.id}/construction/reports`,
        headers: { authorization: `Bearer ${token}` },
        payload: {
          kind: 'progress',
          periodStart: '2026-05-01',
          percentComplete: 10,
          investmentToDate: 50,
          description: '月报',
        },
      });
      expect(monthStart.statusCode).toBe(400);
    } finally {
      await quarterly.close();
    }
  });

  it('refuses an unknown interval at start-up', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', CONSTRUCTION_PROGRESS_INTERVAL: 'weekly' })).toThrow(
      /CONSTRUCTION_PROGRESS_INTERVAL/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', CONSTRUCTION_PROGRESS_DUE_DAY: '31' })).toThrow(
      /CONSTRUCTION_PROGRESS_DUE_DAY/,
    );
  });
});

describe('site photos', () => {
  // A 1×1 PNG: the type is read from the bytes, not the name.
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );

  async function upload(projectId: string, content: Buffer, fileName = '现场.png') {
    return t.app.inject({
      method: 'PUT',
      url: `/api/projects/${projectId}/construction/photos?fileName=${encodeURIComponent(fileName)}`,
      headers: { authorization: `Bearer ${applicant}`, 'content-type': 'application/octet-stream' },
      payload: content,
    });
  }

  it('uploads PNG/JPEG only, attaches them to one report, and shows them to staff in scope', async () => {
    const id = await project();
    const other = await project();
    const pdf = await upload(id, Buffer.from('%PDF-1.7\n'), 'report.pdf');
    expect(pdf.statusCode).toBe(415);
    const first = await upload(id, PNG);
    expect(first.statusCode, first.body).toBe(200);
    const photo = first.json<{ id: string; mediaType: string; fileName: string }>();
    expect(photo).toMatchObject({ mediaType: 'image/png', fileName: '现场.png' });
    const foreign = (await upload(other, PNG)).json<{ id: string }>();

    // Another project's photo is refused, and the report with it is not stored (one transaction).
    const before = await databaseFingerprint(t.ctx);
    const wrong = await report(applicant, id, {
      kind: 'start',
      occurredOn: '2026-11-20',
      description: '开工',
      photoIds: [photo.id, foreign.id],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().fields[0].field).toBe('photoIds');
    expect(await databaseFingerprint(t.ctx)).toEqual(before);

    const started = await reportOk(id, {
      kind: 'start',
      occurredOn: '2026-11-20',
      description: '开工',
      photoIds: [photo.id],
    });
    expect(started.reports[0]!.photos).toEqual([{ id: photo.id, fileName: '现场.png' }]);
    // A photo belongs to one report.
    const reused = await report(applicant, id, {
      kind: 'suspension',
      occurredOn: '2026-11-21',
      description: '停工',
      photoIds: [photo.id],
    });
    expect(reused.statusCode).toBe(400);

    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/construction-photos/${photo.id}`,
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('image/png');
    expect(seen.rawPayload.equals(PNG)).toBe(true);
    // Outside the project's region subtree: as if it did not exist.
    const far = await t.app.inject({
      method: 'GET',
      url: `/api/construction-photos/${photo.id}`,
      headers: { authorization: `Bearer ${await t.login('ouhai-zjj')}` }, // 瓯海区's department; the project is in 鹿城区
    });
    expect(far.statusCode).toBe(404);
  });
});

describe('监管核查', () => {
  async function inspect(token: string, projectId: string, body: Record<string, unknown>) {
    return t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/construction/inspections`,
      headers: { authorization: `Bearer ${token}` },
      payload: body,
    });
  }

  it('a supervisor records checks of a started project; problems reach the unit with a deadline', async () => {
    const id = await project();
    const early = await inspect(supervisor, id, {
      inspectedOn: '2026-11-20',
      method: 'onSite',
      result: 'compliant',
      opinion: '未开工',
    });
    expect(early.statusCode).toBe(409);
    await reportOk(id, { kind: 'start', occurredOn: '2026-11-02', description: '开工' });
    expect((await construction(supervisor, id)).canInspect).toBe(true);
    expect((await construction(applicant, id)).canInspect).toBe(false);

    const before = await databaseFingerprint(t.ctx);
    const noDeadline = await inspect(supervisor, id, {
      inspectedOn: '2026-11-20',
      method: 'onSite',
      result: 'issuesFound',
      opinion: '安全防护不到位',
    });
    expect(noDeadline.statusCode).toBe(400);
    expect(noDeadline.json().fields[0].field).toBe('rectificationDue');
    const beforeStart = await inspect(supervisor, id, {
      inspectedOn: '2026-11-01',
      method: 'online',
      result: 'compliant',
      opinion: '在线核查',
    });
    expect(beforeStart.statusCode).toBe(400);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);

    const issues = await inspect(supervisor, id, {
      inspectedOn: '2026-11-20',
      method: 'onSite',
      result: 'issuesFound',
      opinion: '施工现场未悬挂施工许可证公示牌',
      rectificationDue: '2026-12-05',
    });
    expect(issues.statusCode, issues.body).toBe(200);
    const view = issues.json<Construction>();
    expect(view.inspections[0]).toMatchObject({ result: 'issuesFound', rectificationDue: '2026-12-05' });
    const [notice] = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, applicantId), eq(notifications.kind, 'construction.rectification_required')));
    expect(notice?.body).toContain('2026-12-05');

    // A check recorded late for an earlier day does not replace the latest one in the list.
    const late = await inspect(supervisor, id, {
      inspectedOn: '2026-11-10',
      method: 'online',
      result: 'compliant',
      opinion: '补录在线核查',
    });
    expect(late.statusCode).toBe(200);
    const list = await t.getOk<{
      items: { projectId: string; lastInspectedOn: string; lastInspectionResult: string }[];
    }>(supervisor, '/api/supervision/construction?pageSize=200');
    expect(list.items.find((i) => i.projectId === id)).toMatchObject({
      lastInspectedOn: '2026-11-20',
      lastInspectionResult: 'issuesFound',
    });
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, 'construction.inspected')));
    expect(audits).toHaveLength(2);
  });
});

describe('核准 validity (条例673 art.12)', () => {
  async function decision(projectId: string, validUntil: string, extensionsUsed = 0): Promise<string> {
    const [row] = await t.ctx.db
      .insert(licences)
      .values({
        number: `330300-2026-PD-${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
        projectId,
        enterpriseId,
        licenceType: 'projectDecision',
        canonical: '{}',
        signature: 'test',
        publicKey: 'test',
        issuedAt: t.ctx.clock.now(),
        issuedOn: '2025-01-15',
        validUntil,
        extensionsUsed,
      })
      .returning();
    return row!.id;
  }
  const reminders = async (projectId: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, applicantId),
          eq(notifications.kind, 'construction.decision_expiring'),
          eq(notifications.link, `/projects/${projectId}`),
        ),
      );

  it('reminds the holder once before the end when no 开工 was reported, with the last day to ask for an extension', async () => {
    const extendable = await project();
    const extendableLicence = await decision(extendable, '2027-01-15');
    const tooLate = await project();
    await decision(tooLate, '2026-12-31');
    const started = await project();
    await decision(started, '2027-01-08');
    await reportOk(started, { kind: 'start', occurredOn: '2026-11-20', description: '开工' });
    const farAway = await project();
    await decision(farAway, '2027-06-30');

    const first = await runConstructionSweeps(t.ctx);
    expect(first.failed).toBe(0);
    const [extendNotice] = await reminders(extendable);
    // 30 working days back from 2027-01-15 (2027 not loaded yet: weekends only) leave Sun 12-06: the last working day
    // to ask is Fri 12-04.
    expect(extendNotice?.body).toContain('请于 2026-12-04 前向核准机关申请延期');
    const [lateNotice] = await reminders(tooLate);
    expect(lateNotice?.body).toContain('已不能再申请延期');
    expect(await reminders(started)).toHaveLength(0);
    expect(await reminders(farAway)).toHaveLength(0);

    // Once per validity end; an extension moves the end, and the reminder comes again.
    expect((await runConstructionSweeps(t.ctx)).decisionReminders).toBe(0);
    await t.ctx.db
      .update(licences)
      .set({ validUntil: '2027-01-18', extensionsUsed: 1 })
      .where(eq(licences.id, extendableLicence));
    expect((await runConstructionSweeps(t.ctx)).decisionReminders).toBe(1);
    const again = await reminders(extendable);
    expect(again).toHaveLength(2);
    expect(again.some((n) => n.body.includes('2027-01-18') && n.body.includes('已不能再申请延期'))).toBe(true);
    const audits = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.targetId, extendableLicence),
          eq(auditEvents.action, 'construction.decision_expiry_reminded'),
        ),
      );
    expect(audits).toHaveLength(2);
  });
});
