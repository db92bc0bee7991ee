import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxPageQuery } from '../src/modules/applications/applications.repository.ts';
import { INBOX_STATUSES } from '../src/modules/applications/window.service.ts';
import { acceptedApplication } from './accepted-application.ts';
import { explainPlan, firstLimit, planNodes, readsTable } from './support/query-plan.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The window's list over many applications (issue 6: 2M stage applications at 1M projects, 13,284 listed for a city).
 * GET /api/window/applications is read in its order — 绿色通道 first, then the oldest submitted, then id — off
 * stage_applications_window_order_idx (migration 0025), with the window's region applied on the way.
 */

interface Inbox {
  items: { id: string; status: string; priority: boolean; projectName: string }[];
  total: number;
}

const CLONES = 1_500;
const STATES = ['submitted', 'accepted', 'rejected', 'completed', 'correctionRequested', 'draft'];
const REGIONS = ['330300', '330302', '330304', '330100']; // the window is 温州市 (330300); 杭州市 (330100) is not its

const page = { limit: 20, offset: 0 };

describe('window list at scale', () => {
  let t: TestApp;
  let window = '';
  const list = (query: string) => t.getOk<Inbox>(window, `/api/window/applications?${query}`);
  /** The order independently: the ids of `where` among the window's region, sorted by the database. */
  const expected = async (where: ReturnType<typeof sql>) => {
    const { rows } = await t.ctx.db.execute<{ id: string }>(sql`
      SELECT a.id FROM stage_applications a JOIN projects p ON p.id = a.project_id
       WHERE a.region_code IN ('330300', '330302', '330304') AND ${where}
       ORDER BY a.priority DESC, a.submitted_at ASC NULLS LAST, a.id`);
    return rows.map((row) => row.id);
  };

  beforeAll(async () => {
    t = await createTestApp();
    window = await t.login('window');
    const template = await acceptedApplication(t, ['ndrc.proposal']);
    // A project and an application for each clone (one live application per project and stage): states and regions
    // in turn, every 9th on the green channel, submission times out of the insertion order, some at the same moment.
    await t.ctx.db.execute(sql`
      WITH cloned AS (
        INSERT INTO projects (enterprise_id, created_by, name, region_code, total_investment, industry_code, procedure,
                              investment_nature, status, code, coded_at)
        SELECT enterprise_id, created_by, '窗口规模测试 ' || i, region_code, total_investment, industry_code, procedure,
               investment_nature, status, 'WSCALE-' || lpad(i::text, 5, '0'), coded_at
          FROM projects, generate_series(1, ${CLONES}) AS i
         WHERE projects.id = ${template.projectId}
        RETURNING id, code)
      INSERT INTO stage_applications (project_id, stage_code, catalogue_version, status, facts, form_data, matter_codes,
                                      region_code, priority, submitted_at, created_by)
      SELECT cloned.id, a.stage_code, a.catalogue_version,
             (${sql.raw(`ARRAY[${STATES.map((s) => `'${s}'`).join(',')}]`)})[n % ${STATES.length} + 1],
             a.facts, a.form_data, a.matter_codes,
             (${sql.raw(`ARRAY[${REGIONS.map((r) => `'${r}'`).join(',')}]`)})[n % ${REGIONS.length} + 1],
             n % 9 = 0, timestamptz '2026-03-01T00:00:00Z' + ((n * 7919) % 700) * interval '1 minute', a.created_by
        FROM (SELECT id, substring(code FROM 8)::int AS n FROM cloned) AS cloned, stage_applications a
       WHERE a.id = ${template.applicationId}`);
  }, 120_000);
  afterAll(async () => t?.close());

  it("lists the window's applications in order, page after page, with the exact total", async () => {
    const listed = await expected(sql`a.status IN ('submitted', 'correctionRequested', 'accepted', 'rejected')`);
    expect(listed.length).toBeGreaterThan(600);
    const first = await list('pageSize=200');
    expect(first.total).toBe(listed.length);
    expect(first.items.map((item) => item.id)).toEqual(listed.slice(0, 200));
    expect(first.items[0]!.priority).toBe(true);
    const third = await list('pageSize=200&page=3');
    expect(third.items.map((item) => item.id)).toEqual(listed.slice(400, 600));
  });

  it('filters by state and by name, in the same order', async () => {
    const accepted = await expected(sql`a.status = 'accepted'`);
    const page = await list('status=accepted&pageSize=50&page=2');
    expect(page.total).toBe(accepted.length);
    expect(page.items.map((item) => item.id)).toEqual(accepted.slice(50, 100));
    const named = await expected(
      sql`a.status IN ('submitted', 'correctionRequested', 'accepted', 'rejected') AND p.name LIKE '窗口规模测试 1%'`,
    );
    const found = await list(`q=${encodeURIComponent('窗口规模测试 1')}&pageSize=200`);
    expect(found.total).toBe(named.length);
    expect(found.items.map((item) => item.id)).toEqual(named.slice(0, 200));
  });

  it('can read the list in its order off an index, without sorting (migration 0025)', async () => {
    // At this size sorting the few listed applications is cheaper, and PostgreSQL rightly sorts (at 1M projects it
    // walks the index: README). With sorting priced out, a plan without a Sort shows the index gives the order: its
    // columns' directions match the list's, and its states include the statement's. The page's rows keep that order
    // through their joins: no Sort above the page either.
    for (const statuses of [[...INBOX_STATUSES], ['accepted' as const]]) {
      const query = inboxPageQuery(t.ctx.db, { regionPath: '330000/330300', statuses }, page);
      const plan = await explainPlan(t.ctx.db, query, { sort: false });
      expect(JSON.stringify(plan), statuses.join()).toContain('stage_applications_window_order_idx');
      const nodeTypes = planNodes(plan).map((node) => node['Node Type']);
      expect(nodeTypes, statuses.join()).not.toContain('Sort');
    }
  });

  it("joins only the chosen page's rows to their projects and enterprises", async () => {
    // A deep page joined every application it skipped, and the generic plan PostgreSQL took after five runs joined
    // all the region's (200 ms at 1M projects). The page is now chosen from the applications alone: below its Limit no
    // project is read, unless a name search has to test the names.
    const filter = { regionPath: '330000/330300', statuses: [...INBOX_STATUSES] };
    for (const sort of [true, false]) {
      const plan = await explainPlan(t.ctx.db, inboxPageQuery(t.ctx.db, filter, { limit: 20, offset: 400 }), { sort });
      const limit = firstLimit(plan);
      expect(limit, `sort ${sort}`).toBeDefined();
      expect(readsTable(limit!, 'projects'), `sort ${sort}`).toBe(false);
      expect(readsTable(plan, 'projects'), `sort ${sort}`).toBe(true);
    }
    const named = await explainPlan(t.ctx.db, inboxPageQuery(t.ctx.db, { ...filter, q: '窗口' }, page));
    expect(readsTable(firstLimit(named)!, 'projects')).toBe(true);
  });

  it("covers exactly the window's states with its index", async () => {
    const { rows } = await t.ctx.db.execute<{ indexdef: string }>(
      sql`SELECT indexdef FROM pg_indexes WHERE indexname = 'stage_applications_window_order_idx'`,
    );
    const states = [...rows[0]!.indexdef.matchAll(/'(\w+)'/g)].map((match) => match[1]);
    expect(states.sort()).toEqual([...INBOX_STATUSES].sort());
    // The region is its last key (migration 0026): the walk tests it off the index, without a visit to the table.
    expect(rows[0]!.indexdef).toMatch(/\(priority DESC(?: NULLS FIRST)?, submitted_at, id, region_code\)/);
  });
});
