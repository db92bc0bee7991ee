import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, stageApplications, users } from '../src/db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../src/modules/audit/audit.service.ts';
import { lapseCasesForTolerance } from '../src/modules/cases/case-dispatch.service.ts';
import { runCaseSweeps } from '../src/modules/cases/case-sweeps.ts';
import { acceptedApplication as acceptedApplicationFixture } from './accepted-application.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/**
 * Cases in the departments (issue 5): parallel dispatch, inboxes by step, 退回, 转办, 征求意见, special procedures on the
 * clock, extension, decisions with licences, dependants, 容缺 lapse and the warning sweep. Applications are created
 * accepted directly (rows + dispatchCases in one transaction), as the acceptance would.
 */
describe('cases', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let applicantId: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of [
      'ndrc-clerk',
      'ndrc-head',
      'department',
      'nr-approver',
      'eco-approver',
      'housing-approver',
      'cad-approver',
      'supervisor',
      'applicant',
    ])
      tokens[name] = '';
    await loginAll();
    const [applicant] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
    applicantId = applicant!.id;
  });
  afterAll(async () => t?.close());

  /** A coded project and an application accepted on `acceptedOn` with its cases dispatched. */
  const acceptedApplication = (matterCodes: string[], acceptedOn?: string) =>
    acceptedApplicationFixture(t, matterCodes, acceptedOn);

  const loginAll = async () => {
    for (const name of Object.keys(tokens)) tokens[name] = await t.login(name);
  };
  /** Moves the clock; sessions time out across days, so everyone signs in again. */
  const at = async (when: string) => {
    t.clock.set(when);
    await loginAll();
  };

  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const todoIds = async (who: string) =>
    ((await call(who, 'GET', '/api/cases?view=todo&pageSize=200')).body.items as { id: string }[]).map((i) => i.id);
  const detail = async (who: string, id: string) => (await call(who, 'GET', `/api/cases/${id}`)).body;
  const auditCount = async (action: string, targetId: string) =>
    Number(
      (
        await t.ctx.database.pool.query(`SELECT count(*) AS n FROM audit_events WHERE action = $1 AND target_id = $2`, [
          action,
          targetId,
        ])
      ).rows[0].n,
    );

  it('dispatches all cases at once, to the right departments, with deadlines and a pending dependant', async () => {
    const a = await acceptedApplication(['nr.siteAndLand', 'ndrc.ratification']);
    const ratification = await detail('ndrc-clerk', a.byMatter['ndrc.ratification']!);
    expect(ratification).toMatchObject({
      status: 'pending',
      currentStep: 'undertake',
      dependsOn: ['nr.siteAndLand'],
      limitWorkingDays: 20,
      maxExtensionWorkingDays: 40, // 条例673 art.10
      deadline: '2026-12-21', // 20 WD after 11-23
    });
    expect(ratification.clock.lines[0].legalBasis).toContain('企业投资项目核准和备案管理条例');
    expect(ratification.caseNumber).toMatch(/-02$/);
    const site = await detail('nr-approver', a.byMatter['nr.siteAndLand']!);
    expect(site).toMatchObject({ status: 'inProgress', deadline: '2026-12-07', maxExtensionWorkingDays: 10 });
    expect(site.clock.lines[0].legalBasis).toContain('行政许可法');
    expect(await auditCount('case.dispatched', a.byMatter['nr.siteAndLand']!)).toBe(1);
    // Each new case is announced to the accounts of its department holding its first step (承办), and only to them.
    const arrived = async (caseId: string) =>
      (
        await t.ctx.database.pool.query<{ username: string }>(
          `SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id
           WHERE n.kind = 'case.arrived' AND n.link LIKE '%' || $1 ORDER BY u.username`,
          [caseId],
        )
      ).rows.map((r) => r.username);
    expect(await arrived(a.byMatter['ndrc.ratification']!)).toEqual(['department', 'ndrc-clerk']); // not ndrc-head
    expect(await arrived(a.byMatter['nr.siteAndLand']!)).toEqual(['nr-approver']);
    // Another department's case: 404, no existence leak.
    expect((await call('nr-approver', 'GET', `/api/cases/${a.byMatter['ndrc.ratification']}`)).status).toBe(404);
  });

  it('moves through 承办 → 审核 → 签发 with inboxes by step; STEP_NOT_YOURS, 退回, 转办; dependant proceeds; completes', async () => {
    const a = await acceptedApplication(['nr.siteAndLand', 'ndrc.ratification']);
    const r = a.byMatter['ndrc.ratification']!;
    const s = a.byMatter['nr.siteAndLand']!;
    expect(await todoIds('ndrc-clerk')).toContain(r);
    expect(await todoIds('ndrc-head')).not.toContain(r);
    expect((await detail('ndrc-clerk', r)).allowedActions).toEqual(expect.arrayContaining(['advance', 'transfer']));

    const notYours = await call('ndrc-head', 'POST', `/api/cases/${r}/advance`, { opinion: '同意' });
    expect(notYours).toMatchObject({ status: 403, body: { code: 'STEP_NOT_YOURS' } });

    expect((await call('ndrc-clerk', 'POST', `/api/cases/${r}/advance`, { opinion: '材料齐全，拟同意' })).status).toBe(
      200,
    );
    expect(await todoIds('ndrc-clerk')).not.toContain(r);
    expect(await todoIds('ndrc-head')).toContain(r);

    // 退回 only to an earlier step.
    const forward = await call('ndrc-head', 'POST', `/api/cases/${r}/return`, { toStep: 'issue', opinion: 'x' });
    expect(forward).toMatchObject({ status: 409, body: { code: 'STATE_TRANSITION_INVALID' } });
    const back = await call('ndrc-head', 'POST', `/api/cases/${r}/return`, {
      toStep: 'undertake',
      opinion: '请补充测算',
    });
    expect(back).toMatchObject({ status: 200, body: { currentStep: 'undertake' } });
    expect(await todoIds('ndrc-clerk')).toContain(r);

    // 转办 to a colleague holding the step: it leaves the clerk's todo and lands in the colleague's.
    const [colleague] = await t.ctx.db.select().from(users).where(eq(users.username, 'department'));
    const candidates = await call('ndrc-clerk', 'GET', `/api/cases/${r}/transfer-candidates`);
    expect(candidates.status).toBe(200);
    // The colleagues holding 承办 (the head holds only 审核/签发, the clerk is the caller).
    expect(candidates.body.items.map((u: { id: string }) => u.id)).toEqual([colleague!.id]);
    expect((await call('ndrc-head', 'GET', `/api/cases/${r}/transfer-candidates`)).status).toBe(403);
    const transferred = await call('ndrc-clerk', 'POST', `/api/cases/${r}/transfer`, {
      assigneeId: colleague!.id,
      opinion: '请王磊办理',
    });
    expect(transferred).toMatchObject({ status: 200, body: { assigneeId: colleague!.id } });
    expect(await todoIds('ndrc-clerk')).not.toContain(r);
    expect(await todoIds('department')).toContain(r);
    // Transferred means out of the clerk's hands: no actions offered, and acting is refused.
    expect((await detail('ndrc-clerk', r)).allowedActions).toEqual([]);
    expect(await call('ndrc-clerk', 'POST', `/api/cases/${r}/advance`, { opinion: '越权' })).toMatchObject({
      status: 403,
      body: { code: 'STEP_NOT_YOURS' },
    });
    const [head] = await t.ctx.db.select().from(users).where(eq(users.username, 'ndrc-head'));
    expect(
      (await call('department', 'POST', `/api/cases/${r}/transfer`, { assigneeId: head!.id, opinion: 'x' })).status,
    ).toBe(400); // the head does not hold 承办

    await call('department', 'POST', `/api/cases/${r}/advance`, { opinion: '已补充' });
    await call('ndrc-head', 'POST', `/api/cases/${r}/advance`, { opinion: '审核同意' });
    expect((await detail('ndrc-head', r)).currentStep).toBe('issue');

    // Pending (waiting for 用地预审): no decision yet, and the refusal changes nothing.
    const before = await databaseFingerprint(t.ctx);
    const early = await call('ndrc-head', 'POST', `/api/cases/${r}/decision`, {
      decision: 'approved',
      opinion: '准予',
    });
    expect(early).toMatchObject({ status: 409, body: { code: 'STATE_TRANSITION_INVALID' } });
    expect(await databaseFingerprint(t.ctx)).toEqual(before);

    // 用地预审 decided → the ratification proceeds.
    await call('nr-approver', 'POST', `/api/cases/${s}/advance`, { opinion: '同意' });
    await call('nr-approver', 'POST', `/api/cases/${s}/advance`, { opinion: '同意' });
    const approved = await call('nr-approver', 'POST', `/api/cases/${s}/decision`, {
      decision: 'approved',
      opinion: '符合国土空间规划，准予',
    });
    expect(approved).toMatchObject({ status: 200, body: { status: 'approved', decision: 'approved' } });
    expect(approved.body.licence?.number).toBeTruthy();
    expect((await detail('ndrc-head', r)).status).toBe('inProgress');
    expect(await auditCount('case.dependency_resolved', r)).toBe(1);

    const decided = await call('ndrc-head', 'POST', `/api/cases/${r}/decision`, {
      decision: 'approved',
      opinion: '准予核准',
    });
    expect(decided).toMatchObject({ status: 200, body: { status: 'approved' } });
    // Both decisions reach the applicant side: the applicant and the agent the enterprise authorised (代办), as the
    // application's own steps do.
    const decisionNotices = await t.ctx.database.pool.query<{ username: string; n: string }>(
      `SELECT u.username, count(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.kind = 'case.approved' AND n.link = $1 GROUP BY u.username ORDER BY u.username`,
      [`/projects/${a.projectId}`],
    );
    expect(decisionNotices.rows).toEqual([
      { username: 'agent', n: '2' },
      { username: 'applicant', n: '2' },
    ]);
    const [app] = await t.ctx.db.select().from(stageApplications).where(eq(stageApplications.id, a.applicationId));
    expect(app!.status).toBe('completed');
    expect(await auditCount('application.completed', a.applicationId)).toBe(1);

    // The applicant follows the cases with opinions; the public sees departments and statuses only.
    const own = await call('applicant', 'GET', `/api/projects/${a.projectId}/cases`);
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(2);
    const progress = await t.app.inject({ method: 'GET', url: `/api/public/project-codes/${a.projectCode}/progress` });
    expect(progress.statusCode).toBe(200);
    const text = progress.body;
    expect(text).not.toContain('赵刚');
    expect(text).not.toContain('准予核准');
    expect(progress.json().stages[0].cases).toHaveLength(2);

    // The 一项目一方案 roadmap starts from the real progress: both matters done on their decision day, and the
    // licences they issued are held, so nothing they cover is asked again.
    const decidedOn = (await detail('ndrc-head', r)).decidedOn;
    expect(decidedOn).toBeTruthy();
    const plan = await call('applicant', 'GET', `/api/projects/${a.projectId}/plan?facts=newLand&start=2026-11-23`);
    expect(plan.status).toBe(200);
    const matters = plan.body.stages.flatMap((st: { matters: { code: string }[] }) => st.matters) as {
      code: string;
      status: string;
      predictedFinish: string;
    }[];
    for (const code of ['ndrc.ratification', 'nr.siteAndLand']) {
      expect(matters.find((m) => m.code === code)).toMatchObject({ status: 'done', predictedFinish: decidedOn });
    }
    expect(matters.find((m) => m.code === 'nr.landUsePlanningPermit')).toMatchObject({ status: 'pending' });
  });

  it('会签: the review step of 施工图审查 waits for every participating department, then proceeds', async () => {
    const a = await acceptedApplication(['housing.drawingReview']);
    const id = a.byMatter['housing.drawingReview']!;
    await call('housing-approver', 'POST', `/api/cases/${id}/advance`, { opinion: '受理审查' });
    const atReview = await detail('housing-approver', id);
    expect(atReview.currentStep).toBe('review');
    // Countersign step: the lead signs but cannot advance until 人防 has signed too.
    expect(atReview.allowedActions).toContain('sign');
    expect(atReview.allowedActions).not.toContain('advance');
    expect((await call('housing-approver', 'POST', `/api/cases/${id}/sign`, { opinion: '住建审查合格' })).status).toBe(
      200,
    );
    const early = await call('housing-approver', 'POST', `/api/cases/${id}/advance`, { opinion: '提前推进' });
    expect(early.status).toBe(409);
    // 人防 (another department, a participant of the step) sees the case and signs.
    const civil = await detail('cad-approver', id);
    expect(civil.allowedActions).toEqual(['sign']);
    expect((await call('cad-approver', 'POST', `/api/cases/${id}/sign`, { opinion: '人防审查合格' })).status).toBe(200);
    // A department that is not a participant cannot sign (the case is invisible to it).
    expect((await call('eco-approver', 'POST', `/api/cases/${id}/sign`, { opinion: 'x' })).status).toBe(404);
    const signed = await detail('housing-approver', id);
    expect(signed.signatures.map((sig: { departmentKind: string }) => sig.departmentKind).sort()).toEqual([
      'civilAirDefence',
      'housing',
    ]);
    expect(signed.allowedActions).toContain('advance');
    expect((await call('housing-approver', 'POST', `/api/cases/${id}/advance`, { opinion: '会签完成' })).status).toBe(
      200,
    );
    const decided = await call('housing-approver', 'POST', `/api/cases/${id}/decision`, {
      decision: 'approved',
      opinion: '施工图审查合格',
    });
    expect(decided).toMatchObject({ status: 200, body: { status: 'approved' } });
    expect(await auditCount('case.signed', id)).toBe(2);

    // 办件统计: this is the 住建 department's only case here — decided on its first day, within the deadline.
    const figures = await call('supervisor', 'GET', '/api/supervision/figures');
    const housing = figures.body.departments.find((d: { departmentName: string }) => d.departmentName.includes('住房'));
    expect(housing).toMatchObject({ open: 0, approved: 1, denied: 0, decided: 1, decidedOnTime: 1, onTimeRate: 1 });
  });

  it('denies with reasons, and a denied dependency denies its pending dependant', async () => {
    const a = await acceptedApplication(['nr.siteAndLand', 'ndrc.ratification']);
    const s = a.byMatter['nr.siteAndLand']!;
    await call('nr-approver', 'POST', `/api/cases/${s}/advance`, { opinion: '审查' });
    await call('nr-approver', 'POST', `/api/cases/${s}/advance`, { opinion: '审核' });
    const blank = await call('nr-approver', 'POST', `/api/cases/${s}/decision`, { decision: 'denied', opinion: ' ' });
    expect(blank).toMatchObject({ status: 400 });
    const denied = await call('nr-approver', 'POST', `/api/cases/${s}/decision`, {
      decision: 'denied',
      opinion: '选址不符合国土空间规划',
    });
    expect(denied).toMatchObject({ status: 200, body: { status: 'denied', licence: null } });
    const r = await detail('ndrc-clerk', a.byMatter['ndrc.ratification']!);
    expect(r).toMatchObject({ status: 'denied', decision: 'denied' });
    const [app] = await t.ctx.db.select().from(stageApplications).where(eq(stageApplications.id, a.applicationId));
    expect(app!.status).toBe('completed');
  });

  it('Prefer: return=minimal answers 204 without the view; the action is done and audited, and a retry replays it', async () => {
    const a = await acceptedApplication(['nr.siteAndLand']);
    const s = a.byMatter['nr.siteAndLand']!;
    const post = (url: string, payload: object, headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${tokens['nr-approver']}`, ...headers },
        payload,
      });
    const before = await detail('nr-approver', s);

    const advanced = await post(`/api/cases/${s}/advance`, { opinion: '审查' }, { prefer: 'return=minimal' });
    expect(advanced.statusCode).toBe(204);
    expect(advanced.headers['preference-applied']).toBe('return=minimal');
    expect(advanced.body).toBe('');
    const moved = await detail('nr-approver', s);
    expect(moved.currentStep).not.toBe(before.currentStep);
    expect(await auditCount('case.advanced', s)).toBe(1);

    // return=representation (as no preference): the view, as before.
    const represented = await post(`/api/cases/${s}/advance`, { opinion: '审核' }, { prefer: 'return=representation' });
    expect(represented.statusCode).toBe(200);
    expect(represented.headers['preference-applied']).toBeUndefined();
    expect(represented.json()).toMatchObject({ id: s, allowedActions: expect.arrayContaining(['decide']) });

    // Among other preferences, any case of the token; with an Idempotency-Key, a retry replays the 204 and changes nothing.
    const headers = { prefer: 'respond-async, Return=Minimal; x=1', 'idempotency-key': `minimal-${s}` };
    const decided = await post(`/api/cases/${s}/decision`, { decision: 'approved', opinion: '同意' }, headers);
    expect(decided.statusCode).toBe(204);
    expect(await detail('nr-approver', s)).toMatchObject({
      status: 'approved',
      licence: { number: expect.any(String) },
    });
    const replayed = await post(`/api/cases/${s}/decision`, { decision: 'approved', opinion: '同意' }, headers);
    expect(replayed.statusCode).toBe(204);
    expect(replayed.headers['idempotency-replayed']).toBe('true');
    expect(replayed.headers['preference-applied']).toBe('return=minimal');
    expect(await auditCount('case.approved', s)).toBe(1);

    // A refusal is still a refusal, with its error body.
    const refused = await post(
      `/api/cases/${s}/decision`,
      { decision: 'approved', opinion: '再次' },
      { prefer: 'return=minimal' },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: expect.any(String) });
  });

  it('consults another department, which replies', async () => {
    const a = await acceptedApplication(['ndrc.proposal']);
    const id = a.byMatter['ndrc.proposal']!;
    const [eco] = await t.ctx.db
      .select({ departmentId: users.departmentId })
      .from(users)
      .where(eq(users.username, 'eco-approver'));
    const asked = await call('ndrc-clerk', 'POST', `/api/cases/${id}/consultations`, {
      departmentId: eco!.departmentId,
      question: '项目是否涉及生态保护红线？',
    });
    expect(asked.status).toBe(201);
    const incoming = await call('eco-approver', 'GET', '/api/consultations?view=incoming');
    expect(incoming.body.items.map((c: { id: string }) => c.id)).toContain(asked.body.id);
    // The consulted department may read the case, but not act on it.
    expect((await call('eco-approver', 'GET', `/api/cases/${id}`)).body.allowedActions).toEqual([]);
    expect((await call('ndrc-clerk', 'POST', `/api/consultations/${asked.body.id}/reply`, { reply: 'x' })).status).toBe(
      404,
    );
    const replied = await call('eco-approver', 'POST', `/api/consultations/${asked.body.id}/reply`, {
      reply: '不涉及生态保护红线',
    });
    expect(replied).toMatchObject({ status: 200, body: { reply: '不涉及生态保护红线' } });
    expect(
      (await call('eco-approver', 'POST', `/api/consultations/${asked.body.id}/reply`, { reply: 'y' })).status,
    ).toBe(409);
  });

  it('stops the clock for an expert review: the deadline moves by the stopped working days', async () => {
    const a = await acceptedApplication(['nr.siteAndLand']); // 10 WD from Mon 2026-11-23 → 2026-12-07
    const id = a.byMatter['nr.siteAndLand']!;
    await at('2026-11-25T10:00:00+08:00'); // Wed: 11-24, 11-25 used (2)
    const started = await call('nr-approver', 'POST', `/api/cases/${id}/special-procedures`, {
      kind: 'expertReview',
      reason: '组织专家论证选址',
      expectedWorkingDays: 5,
    });
    expect(started).toMatchObject({ status: 200, body: { status: 'suspended', clockRunning: false } });
    expect(started.body.clock.lines[1].legalBasis).toContain('第四十五条');
    // Nothing is decided or advanced on a stopped clock.
    const before = await databaseFingerprint(t.ctx);
    const refused = await call('nr-approver', 'POST', `/api/cases/${id}/advance`, { opinion: 'x' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'STATE_TRANSITION_INVALID' } });
    expect(await databaseFingerprint(t.ctx)).toEqual(before);

    await at('2026-12-02T10:00:00+08:00'); // Wed: stopped 11-26, 11-27, 11-30, 12-01, 12-02 = 5 WD
    const procedureId = started.body.specialProcedures[0].id;
    const ended = await call('nr-approver', 'POST', `/api/cases/${id}/special-procedures/${procedureId}/end`, {
      result: '专家论证通过',
    });
    // 8 WD left from 12-02: 12-03, 04, 07, 08, 09, 10, 11, 14 → 2026-12-14 (= 12-07 + 5 WD).
    expect(ended).toMatchObject({
      status: 200,
      body: { status: 'inProgress', deadline: '2026-12-14', clockRunning: true },
    });
    expect(ended.body.clock).toMatchObject({ usedWorkingDays: 2, remainingWorkingDays: 8 });
    expect(ended.body.clock.lines).toHaveLength(3);
    // The applicant was told (art.45).
    const notices = await t.ctx.database.pool.query(
      `SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND kind = 'case.special_procedure_started'`,
      [applicantId],
    );
    expect(Number(notices.rows[0].n)).toBeGreaterThan(0);
    await at('2026-11-23T09:00:00+08:00');
  });

  it('does not stop the clock of a matter the catalogue marks as not stoppable (竣工验收备案)', async () => {
    const a = await acceptedApplication(['housing.completionFiling']);
    const id = a.byMatter['housing.completionFiling']!;
    const view = await detail('housing-approver', id);
    expect(view.status).toBe('inProgress');
    expect(view.allowedActions).not.toContain('specialProcedure');
    const before = await databaseFingerprint(t.ctx);
    const refused = await call('housing-approver', 'POST', `/api/cases/${id}/special-procedures`, {
      kind: 'expertReview',
      reason: '组织专家论证',
      expectedWorkingDays: 5,
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'CLOCK_RULE_VIOLATED' } });
    expect(refused.body.message).toContain('不适用特别程序');
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    // A matter whose examination may need one still offers it.
    const b = await acceptedApplication(['nr.siteAndLand']);
    expect((await detail('nr-approver', b.byMatter['nr.siteAndLand']!)).allowedActions).toContain('specialProcedure');
  });

  it('extends within the legal maximum only, by a sign holder', async () => {
    const a = await acceptedApplication(['ndrc.proposal']); // 10 WD → 2026-12-07, max +10
    const id = a.byMatter['ndrc.proposal']!;
    expect(
      await call('ndrc-clerk', 'POST', `/api/cases/${id}/extension`, { workingDays: 5, reason: '情况复杂' }),
    ).toMatchObject({ status: 403, body: { code: 'STEP_NOT_YOURS' } });
    const ok = await call('ndrc-head', 'POST', `/api/cases/${id}/extension`, { workingDays: 6, reason: '情况复杂' });
    expect(ok).toMatchObject({ status: 200, body: { deadline: '2026-12-15', limitWorkingDays: 10 } });
    expect(ok.body.clock).toMatchObject({ limitWorkingDays: 16, extendedWorkingDays: 6 });
    const before = await databaseFingerprint(t.ctx);
    const tooMuch = await call('ndrc-head', 'POST', `/api/cases/${id}/extension`, { workingDays: 5, reason: '再延' });
    expect(tooMuch).toMatchObject({ status: 409, body: { code: 'CLOCK_RULE_VIOLATED' } });
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    expect(
      (await call('ndrc-head', 'POST', `/api/cases/${id}/extension`, { workingDays: 4, reason: '再延' })).status,
    ).toBe(200);
  });

  /** The 容缺 sweep's step for 勘测定界图 (needed by nr.siteAndLand), in an audited transaction of its own. */
  const lapseSiteAndLand = (applicationId: string) =>
    runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit, sendWithCommit) => {
      const lapsed = await lapseCasesForTolerance(
        tx,
        t.ctx,
        applicationId,
        ['nr.siteAndLand'],
        '勘测定界图逾期未交',
        recordAudit,
        sendWithCommit,
      );
      await recordAudit({
        action: 'application.supplemented',
        targetType: 'stage_application',
        targetId: applicationId,
      });
      return lapsed;
    });

  it('lapses the cases of a tolerated material not supplied in time', async () => {
    const a = await acceptedApplication(['nr.siteAndLand', 'ndrc.proposal']);
    const n = await lapseSiteAndLand(a.applicationId);
    expect(n).toBe(1);
    expect(await detail('nr-approver', a.byMatter['nr.siteAndLand']!)).toMatchObject({
      status: 'denied',
      decision: 'denied',
    });
    expect((await detail('ndrc-clerk', a.byMatter['ndrc.proposal']!)).status).toBe('inProgress');
    expect(await auditCount('case.tolerance_lapsed', a.byMatter['nr.siteAndLand']!)).toBe(1);
  });

  it('completes the stage when a lapse decides its last open case, in the lapsing transaction', async () => {
    const a = await acceptedApplication(['nr.siteAndLand']);
    const lapse = () => lapseSiteAndLand(a.applicationId);
    expect(await lapse()).toBe(1);
    const [app] = await t.ctx.db.select().from(stageApplications).where(eq(stageApplications.id, a.applicationId));
    expect(app!.status).toBe('completed');
    expect(app!.completedAt).not.toBeNull();
    expect(await auditCount('application.completed', a.applicationId)).toBe(1);
    const completionNotices = await t.ctx.database.pool.query<{ username: string }>(
      `SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.kind = 'application.completed' AND n.link = $1 ORDER BY u.username`,
      [`/applications/${a.applicationId}`],
    );
    expect(completionNotices.rows.map((r) => r.username)).toEqual(['agent', 'applicant']);
    // Nothing left to lapse: a second run changes nothing.
    const before = await databaseFingerprint(t.ctx);
    expect(await lapse()).toBe(0);
    expect(await auditCount('application.completed', a.applicationId)).toBe(1);
    const after = await databaseFingerprint(t.ctx);
    for (const table of ['cases', 'case_actions', 'stage_applications', 'notifications']) {
      expect(after[table], table).toEqual(before[table]);
    }
  });

  it('raises yellow, then red once with escalation; supervisors see it and urge', async () => {
    const a = await acceptedApplication(['ndrc.proposal']); // due 2026-12-07
    const id = a.byMatter['ndrc.proposal']!;
    await at('2026-12-03T10:00:00+08:00'); // 2 WD left → yellow (CLOCK_YELLOW_WORKING_DAYS = 2)
    await runCaseSweeps(t.ctx);
    await runCaseSweeps(t.ctx);
    const warnings = async () =>
      (
        await t.ctx.database.pool.query(
          `SELECT count(*) AS n FROM case_actions WHERE case_id = $1 AND kind = 'warning'`,
          [id],
        )
      ).rows[0].n;
    expect(Number(await warnings())).toBe(1);
    expect((await t.ctx.db.select().from(cases).where(eq(cases.id, id)))[0]!.clockLevel).toBe('yellow');

    await at('2026-12-08T10:00:00+08:00'); // past the deadline → red
    await runCaseSweeps(t.ctx);
    await runCaseSweeps(t.ctx);
    expect(Number(await warnings())).toBe(2);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, id));
    expect(row!.clockLevel).toBe('red');
    expect(row!.escalatedAt).not.toBeNull();
    expect(await auditCount('case.escalated', id)).toBe(1);
    expect(await auditCount('case.warning_raised', id)).toBe(2);

    const red = await call('supervisor', 'GET', '/api/supervision/cases?level=red&pageSize=200');
    expect(red.body.items.map((i: { id: string }) => i.id)).toContain(id);
    // The list counts the overdue days below zero, as the case's own clock does (it said 0 days left).
    const detail = await call('supervisor', 'GET', `/api/cases/${id}`);
    expect(detail.body.clock.overdueWorkingDays).toBeGreaterThan(0);
    const listed = red.body.items.find((i: { id: string }) => i.id === id);
    expect(listed.remainingWorkingDays).toBe(-detail.body.clock.overdueWorkingDays);
    // Supervisors read but do not act.
    expect((await call('supervisor', 'POST', `/api/cases/${id}/advance`, { opinion: 'x' })).status).toBe(403);
    const urged = await call('supervisor', 'POST', `/api/cases/${id}/urge`, { message: '请尽快办结' });
    expect(urged).toMatchObject({ status: 200, body: { urgeCount: 1 } });
    expect(await auditCount('case.urged', id)).toBe(1);

    // The supervisor's figures count the case where it is: red and urged in its department, and in the totals.
    const figures = await call('supervisor', 'GET', '/api/supervision/figures');
    expect(figures.status).toBe(200);
    const departmentRow = figures.body.departments.find(
      (d: { departmentId: string }) => d.departmentId === row!.departmentId,
    );
    expect(departmentRow.red).toBeGreaterThanOrEqual(1);
    expect(departmentRow.urged).toBeGreaterThanOrEqual(1);
    expect(figures.body.totals.red).toBeGreaterThanOrEqual(departmentRow.red);
    await at('2026-11-23T09:00:00+08:00');
  });
});
