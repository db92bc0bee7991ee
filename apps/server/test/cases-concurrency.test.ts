import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  caseActions,
  cases,
  licences,
  notificationOutbox,
  notifications,
  stageApplications,
} from '../src/db/schema/index.ts';
import { acceptedApplication } from './accepted-application.ts';
import { spyOnSends } from './support/socket-sends.ts';
import { createTestApp, databaseFingerprint, testDatabaseKind, type TestApp } from './test-app.ts';

/**
 * The last two decisions of an application arriving at the same moment (two departments, parallel cases): the
 * application is completed exactly once. Deciders of one application lock all its cases first, so they run one after
 * the other; on PostgreSQL (TEST_DB=postgres) the two requests really overlap. *
 * Since the deciders queue on those locks, a decision holds them for few round trips: its statements that need no
 * answer of each other leave in one send (writes-per-tick.ts). On PostgreSQL, a decision that does not complete the
 * stage is four sends — BEGIN with the locking read; the case update with the recipients' read; the notice, its SMS
 * outbox row and the case's history row; the audit row with COMMIT. It was nine: a read of the case before the
 * transaction, then eight sends inside it.
 */
describe(`concurrent decisions complete the stage exactly once (${testDatabaseKind})`, () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of ['department', 'nr-approver']) tokens[name] = await t.login(name);
  });
  afterAll(async () => t?.close());

  const post = (who: string, url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${tokens[who]}`, ...headers }, payload });
  /** A system integrating by API: no view in the answer (204), so the sends counted are the change's alone. */
  const postMinimal = (who: string, url: string, payload: object) =>
    post(who, url, payload, { prefer: 'return=minimal' });

  it('ten applications, each with two cases decided at once: one completion each', async () => {
    for (let n = 1; n <= 10; n += 1) {
      const a = await acceptedApplication(t, ['ndrc.proposal', 'nr.siteAndLand']);
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

  /** The sends of the request on the pool connection first in line (the one its transaction checks out). */
  async function sendsOf(request: () => Promise<{ statusCode: number; body: string }>): Promise<string[]> {
    // The audit sealer chains the rows of the requests before on a pooled connection of its own: let it finish, so
    // that it does not take the spied connection first.
    for (let i = 0; i < 100; i += 1) {
      const unsealed = await t.ctx.database.pool.query('SELECT count(*) AS n FROM audit_events WHERE seq IS NULL');
      if (Number(unsealed.rows[0].n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const spy = await spyOnSends(t.ctx.database.pool);
    try {
      const response = await request();
      expect(response.statusCode, response.body).toBe(204);
    } finally {
      spy.restore();
    }
    return spy.written();
  }

  it.skipIf(testDatabaseKind === 'pglite')(
    'decides in two sends, the update, history row and notice leaving with the audit rows and COMMIT, and completes the stage after',
    async () => {
      const a = await acceptedApplication(t, ['ndrc.proposal', 'nr.siteAndLand']);
      const ndrc = a.byMatter['ndrc.proposal']!;
      const nr = a.byMatter['nr.siteAndLand']!;
      for (let i = 0; i < 2; i += 1) {
        expect((await postMinimal('department', `/api/cases/${ndrc}/advance`, { opinion: '同意' })).statusCode).toBe(
          204,
        );
        expect((await postMinimal('nr-approver', `/api/cases/${nr}/advance`, { opinion: '同意' })).statusCode).toBe(
          204,
        );
      }

      const first = await sendsOf(() =>
        postMinimal('nr-approver', `/api/cases/${nr}/decision`, { decision: 'denied', opinion: '选址不符合规划' }),
      );
      // BEGIN + the locking read + the recipients' read; then the case's update, the history row, the notice and its
      // SMS row, the audit row and COMMIT.
      expect(first).toHaveLength(2);
      expect(first[0]).toMatch(/^Q.*begin/s); // BEGIN travels with the locking read
      expect(first[0]).toContain(nr);
      // In the last send, in order: the update (its opinion), the history row (it names the case), the audit row (its
      // `after`), COMMIT.
      const last2 = first[1]!;
      expect(last2.indexOf('选址不符合规划')).toBeGreaterThan(-1);
      expect(last2.indexOf('"licenceNumber":null')).toBeGreaterThan(last2.indexOf('选址不符合规划'));
      expect(last2.lastIndexOf('commit')).toBeGreaterThan(last2.indexOf('"licenceNumber":null'));
      const [decided] = await t.ctx.db.select().from(cases).where(eq(cases.id, nr));
      expect(decided).toMatchObject({ status: 'denied', decision: 'denied', decisionOpinion: '选址不符合规划' });
      expect((await t.ctx.db.select().from(caseActions).where(eq(caseActions.caseId, nr))).at(-1)?.kind).toBe('deny');
      // The notice and its SMS row went in one send, the notice first (the outbox row refers to it).
      const title = `办件 ${decided!.caseNumber} 不予许可`;
      const notices = await t.ctx.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(eq(notifications.title, title));
      expect(notices.length).toBeGreaterThan(0);
      const outbox = await t.ctx.db
        .select()
        .from(notificationOutbox)
        .where(eq(notificationOutbox.notificationId, notices[0]!.id));
      expect(outbox.map((o) => o.channel)).toEqual(['sms']);
      expect(last2.indexOf(title)).toBeGreaterThan(-1);
      expect(last2.indexOf('"sms"')).toBeGreaterThan(last2.indexOf(title));
      let [app] = await t.ctx.db.select().from(stageApplications).where(eq(stageApplications.id, a.applicationId));
      expect(app!.status).toBe('accepted');

      // The last decision issues a licence and completes the stage from the locked rows (no second read of the cases):
      // BEGIN + lock + recipients; the update + the case's read for the licence + any licence of it; the region names +
      // the number's check + the holder's accounts; the licence + its notice + SMS row + the decision's history row +
      // notice + SMS row + the application's lock; its update + the project's header + recipients; its notice, the
      // audit rows and COMMIT.
      const last = await sendsOf(() =>
        postMinimal('department', `/api/cases/${ndrc}/decision`, { decision: 'approved', opinion: '准予' }),
      );
      expect(last).toHaveLength(6);
      const [licence] = await t.ctx.db.select().from(licences).where(eq(licences.caseId, ndrc));
      expect(licence).toBeDefined();
      [app] = await t.ctx.db.select().from(stageApplications).where(eq(stageApplications.id, a.applicationId));
      expect(app!.status).toBe('completed');
      const audits = await t.ctx.database.pool.query(
        `SELECT action, actor_username, after FROM audit_events WHERE action IN ('licence.issued', 'case.approved', 'application.completed') AND target_id IN ($1, $2, $3) ORDER BY id`,
        [ndrc, licence!.id, a.applicationId],
      );
      // One transaction's rows, in the order recorded: the licence, the decision, then the stage's completion.
      expect(audits.rows.map((r: { action: string }) => r.action)).toEqual([
        'licence.issued',
        'case.approved',
        'application.completed',
      ]);
      expect(audits.rows.every((r: { actor_username: string }) => r.actor_username === 'department')).toBe(true);
      expect(audits.rows[2].after.cases.map((c: { decision: string }) => c.decision)).toEqual(['approved', 'denied']);
    },
  );

  it('answers 404 for a case that does not exist, and 404 to another department, before anything is written', async () => {
    const missing = await postMinimal('department', `/api/cases/00000000-0000-4000-8000-000000000000/decision`, {
      decision: 'approved',
      opinion: '准予',
    });
    expect(missing.statusCode).toBe(404);
    const a = await acceptedApplication(t, ['ndrc.proposal', 'nr.siteAndLand']);
    const foreign = await postMinimal('department', `/api/cases/${a.byMatter['nr.siteAndLand']!}/decision`, {
      decision: 'denied',
      opinion: '',
    });
    expect(foreign.statusCode).toBe(404);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.id, a.byMatter['nr.siteAndLand']!));
    expect(row!.decision).toBeNull();
  });
});
