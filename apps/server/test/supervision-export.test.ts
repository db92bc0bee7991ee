import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseSweeps } from '../src/modules/cases/case-sweeps.ts';
import { acceptedApplication } from './accepted-application.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';
import { linesOf } from './support/csv-lines.ts';

/** GET /api/supervision/cases/export: a supervisor's warned cases as a CSV file for Excel (case-export.service.ts). */

describe('督办台账 export', () => {
  let t: TestApp;
  let supervisor = '';
  let caseNumber = '';
  let overdue = 0;
  const exportOf = (token: string, query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/supervision/cases/export?${query}`,
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    t = await createTestApp();
    const a = await acceptedApplication(t, ['ndrc.proposal']); // 温州市, due 2026-12-07
    const id = a.byMatter['ndrc.proposal']!;
    t.clock.set(new Date('2026-12-10T10:00:00+08:00')); // three working days past the deadline → red
    await runCaseSweeps(t.ctx);
    supervisor = await t.login('supervisor');
    const detail = await t.getOk<{ caseNumber: string; clock: { overdueWorkingDays: number } }>(
      supervisor,
      `/api/cases/${id}`,
    );
    caseNumber = detail.caseNumber;
    overdue = detail.clock.overdueWorkingDays;
  }, 60_000);
  afterAll(async () => t?.close());

  it("lists the region's red cases with the days overdue as a negative number, and audits the export", async () => {
    expect(overdue).toBe(3);
    const response = await exportOf(supervisor, 'level=red');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(response.headers['content-disposition'])).toContain(
      `filename*=UTF-8''${encodeURIComponent('督办台账-2026-12-10.csv')}`,
    );
    const lines = linesOf(response.body);
    expect(lines[0]).toBe(
      '办件编号,事项,承办部门,项目名称,项目代码,项目单位,状态,当前环节,办理期限,剩余工作日（负数为超期）,预警,督办次数',
    );
    expect(lines).toHaveLength(2);
    const cells = lines[1]!.split(',');
    expect(cells[0]).toBe(caseNumber);
    expect(cells.slice(8)).toEqual(['2026-12-07', '-3', '红牌超期', '0']);
    expect(response.headers['x-export-rows']).toBe('1');
    expect(response.headers['x-export-truncated']).toBe('false');
    const { rows } = await t.ctx.db.execute<{ actor_username: string; target_id: string; after: object }>(
      sql`SELECT actor_username, target_id, after FROM audit_events WHERE action = 'supervision.cases_exported'`,
    );
    expect(rows).toEqual([
      { actor_username: 'supervisor', target_id: '330300', after: { level: 'red', rows: 1, truncated: false } },
    ]);
  });

  it('lists no red case as yellow, both levels without one, in English when asked', async () => {
    expect(linesOf((await exportOf(supervisor, 'level=yellow')).body)).toHaveLength(1);
    const en = await exportOf(supervisor, 'lang=en');
    expect(linesOf(en.body)[0]).toMatch(/^Case number,Matter,Department,/);
    expect(linesOf(en.body)[1]).toContain(',-3,Red: overdue,0');
  });

  it('refuses a bad level and stores nothing; staff other than supervisors are refused', async () => {
    const department = await t.login('department');
    const before = await databaseFingerprint(t.ctx);
    const bad = await exportOf(supervisor, 'level=orange');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ fields: { field: string }[] }>().fields.map((f) => f.field)).toEqual(['level']);
    expect((await exportOf(department, 'level=red')).statusCode).toBe(403);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });

  it('the public on-time page counts the red case as open and overdue (its department, and the totals)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/public/performance?regionCode=330300' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      totals: { open: number; overdue: number };
      departments: { departmentName: string; open: number; overdue: number }[];
    }>();
    expect(body.totals.overdue).toBe(1);
    const withOverdue = body.departments.filter((d) => d.overdue > 0);
    expect(withOverdue).toHaveLength(1);
    expect(withOverdue[0]).toMatchObject({ departmentName: '温州市发展和改革局', overdue: 1 });
    expect(withOverdue[0]!.open).toBeGreaterThanOrEqual(1);
  });
});
