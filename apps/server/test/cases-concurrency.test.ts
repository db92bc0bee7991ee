import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises, projects, stageApplications, users } from '../src/db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../src/modules/audit/audit.service.ts';
import { dispatchCases } from '../src/modules/cases/case-dispatch.service.ts';
import { loadCurrentCatalogue } from '../src/modules/catalogue/catalogue.service.ts';
import { createTestApp, databaseFingerprint, testDatabaseKind, type TestApp } from './test-app.ts';

/**
 * The last two decisions of an application arriving at the same moment (two departments, parallel cases): the
 * application is completed exactly once. Deciders of one application lock all its cases first, so they run one after
 * the other; on PostgreSQL (TEST_DB=postgres) the two requests really overlap.
 */
describe(`concurrent decisions complete the stage exactly once (${testDatabaseKind})`, () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let applicantId: string;
  let enterpriseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of ['department', 'nr-approver']) tokens[name] = await t.login(name);
    const [applicant] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
    applicantId = applicant!.id;
    const [enterprise] = await t.ctx.db.select().from(enterprises);
    enterpriseId = enterprise!.id;
  });
  afterAll(async () => t?.close());

  async function acceptedApplication(n: number, matterCodes: string[]) {
    const { catalogue } = await loadCurrentCatalogue(t.ctx);
    const code = `TEST-CONC-${n}-${crypto.randomBytes(3).toString('hex')}`;
    return runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
      const [project] = await tx
        .insert(projects)
        .values({
          enterpriseId,
          name: `并发测试项目 ${n}`,
          createdBy: applicantId,
          status: 'coded',
          code,
          regionCode: '330300',
        })
        .returning();
      const receiptNumber = `SLC${n}${crypto.randomBytes(2).toString('hex')}`;
      const acceptedOn = '2026-11-23';
      const [app] = await tx
        .insert(stageApplications)
        .values({
          projectId: project!.id,
          stageCode: 'projectAndLand',
          catalogueVersion: catalogue.version,
          status: 'accepted',
          matterCodes,
          regionCode: '330300',
          acceptanceMode: 'normal',
          acceptedAt: t.ctx.clock.now(),
          acceptedOn,
          receiptNumber,
          createdBy: applicantId,
        })
        .returning();
      const dispatched = await dispatchCases(
        tx,
        t.ctx,
        {
          application: {
            id: app!.id,
            projectId: project!.id,
            regionCode: '330300',
            catalogueVersion: catalogue.version,
            stageCode: 'projectAndLand',
            receiptNumber,
            acceptedOn,
            matterCodes,
            decidedOnCommitmentMatters: [],
          },
          catalogue,
          actorId: null,
        },
        recordAudit,
      );
      await recordAudit({ action: 'application.accepted', targetType: 'stage_application', targetId: app!.id });
      return { applicationId: app!.id, byMatter: Object.fromEntries(dispatched.map((d) => [d.matterCode, d.id])) };
    });
  }

  const post = (who: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${tokens[who]}` }, payload });

  it('ten applications, each with two cases decided at once: one completion each', async () => {
    for (let n = 1; n <= 10; n += 1) {
      const a = await acceptedApplication(n, ['ndrc.proposal', 'nr.siteAndLand']);
      const ndrc = a.byMatter['ndrc.proposal']!;
      const nr = a.byMatter['nr.siteAndLand']!;
      for (let i = 0; i < 2; i += 1) {
        expect((await post('department', `/api/cases/${ndrc}/advance`, { opinion: '同意' })).statusCode).toBe(200);
        expect((await post('nr-approver', `/api/cases/${nr}/advance`, { opinion: '同意' })).statusCode).toBe(200);
      }
      // Approve one and deny the other half the time, so both paths race.
      const [first, second] = await Promise.all([
        post('department', `/api/cases/${ndrc}/decision`, { decision: 'approved', opinion: '准予' }),
        post('nr-approver', `/api/cases/${nr}/decision`, {
          decision: n % 2 === 0 ? 'denied' : 'approved',
          opinion: n % 2 === 0 ? '选址不符合规划' : '准予',
        }),
      ]);
      expect([first.statusCode, second.statusCode], `${first.body} ${second.body}`).toEqual([200, 200]);
      const [app] = await t.ctx.db.select().from(stageApplications).where(eq(stageApplications.id, a.applicationId));
      expect(app!.status).toBe('completed');
      const audits = await t.ctx.database.pool.query(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'application.completed' AND target_id = $1`,
        [a.applicationId],
      );
      expect(Number(audits.rows[0].n)).toBe(1);
      const notices = await t.ctx.database.pool.query(
        `SELECT count(*) AS n FROM notifications WHERE kind = 'application.completed' AND link = $1`,
        [`/applications/${a.applicationId}`],
      );
      expect(Number(notices.rows[0].n)).toBeGreaterThan(0);

      // State machine: a refused transition is 409 and changes nothing.
      const before = await databaseFingerprint(t.ctx);
      const again = await post('department', `/api/cases/${ndrc}/decision`, { decision: 'denied', opinion: '改判' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('STATE_TRANSITION_INVALID');
      const advanceDecided = await post('department', `/api/cases/${ndrc}/advance`, { opinion: 'x' });
      expect(advanceDecided.statusCode).toBe(409);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    }
  });
});
