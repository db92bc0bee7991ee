import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP } from '../src/lib/capped-total.ts';
import { caseListPageQuery, type CaseListFilter } from '../src/modules/cases/cases.repository.ts';
import { acceptedApplication } from './accepted-application.ts';
import { explainPlan, firstLimit, readsTable } from './support/query-plan.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The case lists over many cases (issue 6: 5M cases in a province, 72,000 for its busiest department in the bench's
 * dataset). GET /api/cases: a department's open cases (本部门在办) by deadline, its decided ones (已办结) newest first
 * off an index, a supervisor's region by deadline off another (migration 0024), each then by case number. A
 * supervisor's region-wide list counts up to 10,000 only; a department's lists count exactly.
 */

interface CaseList {
  items: { id: string; caseNumber: string; deadline: string | null; status: string }[];
  total: number;
  totalIsLowerBound: boolean;
}

const CLONES = COUNT_CAP + 300;

describe('case lists at scale', () => {
  let t: TestApp;
  let supervisor = '';
  let department = '';
  let departmentId = '';
  const list = (token: string, query: string) => t.getOk<CaseList>(token, `/api/cases?${query}`);
  /** The order independently: the case numbers of `where`, sorted by the database (by deadline, or newest decided). */
  const expected = async (where: ReturnType<typeof sql>, order: 'deadline' | 'decided' = 'deadline') => {
    const by = order === 'decided' ? sql`decided_at DESC NULLS LAST` : sql`deadline ASC NULLS LAST`;
    const { rows } = await t.ctx.db.execute<{ case_number: string }>(
      sql`SELECT case_number FROM cases WHERE ${where} ORDER BY ${by}, case_number`,
    );
    return rows.map((row) => row.case_number);
  };

  beforeAll(async () => {
    t = await createTestApp();
    supervisor = await t.login('supervisor'); // 温州市 (330300)
    department = await t.login('department'); // 温州市发改委
    const accepted = await acceptedApplication(t, ['ndrc.proposal']);
    const template = accepted.byMatter['ndrc.proposal']!;
    // Copies of the case with deadlines over a year, some without one (no clock), and a mix of states; the decided
    // ones decided over six weeks. The case numbers, the deadlines and the decision times are in three different
    // orders, so a list sorted by the wrong one fails.
    await t.ctx.db.execute(sql`
      INSERT INTO cases (case_number, application_id, project_id, matter_code, matter_name, department_kind,
                         department_id, status, current_step, steps, limit_working_days, max_extension_working_days,
                         deadline, clock_running, decision, decided_on, decided_at)
      SELECT 'SCALE-' || lpad(((i * 7919) % ${CLONES})::text, 6, '0'), application_id, project_id,
             matter_code || '#' || i, matter_name, department_kind, department_id,
             CASE i % 4 WHEN 0 THEN 'approved' WHEN 1 THEN 'denied' ELSE 'inProgress' END, current_step, steps,
             limit_working_days, max_extension_working_days,
             CASE WHEN i % 37 = 0 THEN NULL ELSE date '2025-01-01' + (i % 400) END, i % 37 <> 0,
             CASE i % 4 WHEN 0 THEN 'approved' WHEN 1 THEN 'denied' END,
             CASE WHEN i % 4 < 2 THEN date '2025-06-01' END,
             CASE WHEN i % 4 < 2 THEN timestamptz '2025-06-01T00:00:00Z' + ((i * 104729) % 1000) * interval '1 hour' END
        FROM cases, generate_series(1, ${CLONES}) AS i
       WHERE cases.id = ${template}`);
    const { rows } = await t.ctx.db.execute<{ department_id: string }>(
      sql`SELECT department_id FROM cases WHERE id = ${template}`,
    );
    departmentId = rows[0]!.department_id;
  }, 120_000);
  afterAll(async () => t?.close());

  it("reads a department's decided cases and a supervisor's region off an index, without sorting (migration 0024)", async () => {
    await t.ctx.db.execute(sql`ANALYZE cases`);
    const plan = async (filter: CaseListFilter) => {
      const query = caseListPageQuery(t.ctx.db, filter, { limit: 20, offset: 0 });
      const { rows } = await t.ctx.db.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${query}`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    const done = await plan({ departmentId, statuses: ['approved', 'denied'], order: 'decided' });
    expect(done).toContain('cases_department_decided_idx');
    expect(done).not.toMatch(/Sort/);
    const region = await plan({ regionPath: '330000/330300' });
    expect(region).toContain('cases_deadline_idx');
    expect(region).not.toMatch(/Sort/);
  });

  it("joins only the chosen page's cases to their projects and enterprises", async () => {
    // Joined before choosing, a department's open cases were all joined before 20 were kept, and a deep page joined
    // every case it skipped. Below the page's Limit no project is read.
    const filters: CaseListFilter[] = [
      { departmentId, statuses: ['pending', 'inProgress', 'suspended'] },
      { departmentId, statuses: ['approved', 'denied'], order: 'decided' },
      { regionPath: '330000/330300' },
    ];
    for (const filter of filters) {
      const plan = await explainPlan(t.ctx.db, caseListPageQuery(t.ctx.db, filter, { limit: 20, offset: 400 }));
      const limit = firstLimit(plan);
      expect(limit, JSON.stringify(filter)).toBeDefined();
      expect(readsTable(limit!, 'projects'), JSON.stringify(filter)).toBe(false);
      expect(readsTable(plan, 'projects'), JSON.stringify(filter)).toBe(true);
    }
  });

  it("counts a supervisor's region up to 10,000, in deadline order", async () => {
    const first = await list(supervisor, 'pageSize=100');
    expect(first).toMatchObject({ total: COUNT_CAP, totalIsLowerBound: true });
    const all = await expected(sql`TRUE`); // every case of the test is in 温州市
    expect(all.length).toBeGreaterThan(CLONES);
    expect(first.items.map((item) => item.caseNumber)).toEqual(all.slice(0, 100));
    // A page where the cases without a deadline begin: they come last.
    const firstWithout = all.length - (await expected(sql`deadline IS NULL`)).length;
    const page = Math.floor(firstWithout / 100) + 1;
    const across = await list(supervisor, `pageSize=100&page=${page}`);
    expect(across.items.map((item) => item.caseNumber)).toEqual(all.slice((page - 1) * 100, page * 100));
    expect(across.items.some((item) => item.deadline === null)).toBe(true);
    expect(across.items.at(0)!.deadline).not.toBeNull();
  });

  it('counts a filter of fewer cases exactly', async () => {
    const denied = await list(supervisor, 'status=denied&pageSize=50&page=2');
    const ids = await expected(sql`status = 'denied'`);
    expect(ids.length).toBeLessThan(COUNT_CAP);
    expect(denied).toMatchObject({ total: ids.length, totalIsLowerBound: false });
    expect(denied.items.map((item) => item.caseNumber)).toEqual(ids.slice(50, 100));
  });

  it("lists a department's open cases by deadline and its decided ones newest first, counted exactly", async () => {
    const open = await list(department, 'view=department&pageSize=100&page=3');
    const mine = await expected(
      sql`department_id = ${departmentId} AND status IN ('pending', 'inProgress', 'suspended')`,
    );
    expect(mine.length).toBeGreaterThan(300);
    expect(open).toMatchObject({ total: mine.length, totalIsLowerBound: false });
    expect(open.items.map((item) => item.caseNumber)).toEqual(mine.slice(200, 300));
    expect(open.items.every((item) => ['pending', 'inProgress', 'suspended'].includes(item.status))).toBe(true);
    const done = await list(department, 'view=done&pageSize=100&page=2');
    const decided = await expected(
      sql`department_id = ${departmentId} AND status IN ('approved', 'denied')`,
      'decided',
    );
    expect(done).toMatchObject({ total: decided.length, totalIsLowerBound: false });
    expect(done.items.map((item) => item.caseNumber)).toEqual(decided.slice(100, 200));
    const denied = await list(department, 'view=done&status=denied&pageSize=100');
    expect(denied.items.map((item) => item.caseNumber)).toEqual(
      (await expected(sql`department_id = ${departmentId} AND status = 'denied'`, 'decided')).slice(0, 100),
    );
  });
});
