import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { stageApplications } from '../src/db/schema/index.ts';
import { acceptedApplication } from './accepted-application.ts';
import { createTestApp, databaseFingerprint, testDatabaseKind, type TestApp } from './test-app.ts';

/**
 * The last two decisions of an application arriving at the same moment (two departments, parallel cases): the
 * application is completed exactly once. Deciders of one application lock all its cases first, so they run one after
 * the other; on PostgreSQL (TEST_DB=postgres) the two requests really overlap.
 */
describe(`concurrent decisions complete the stage exactly once (${testDatabaseKind})`, () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of ['department', 'nr-approver']) tokens[name] = await t.login(name);
  });
  afterAll(async () => t?.close());

  const post = (who: string, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${tokens[who]}` }, payload });

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
});
