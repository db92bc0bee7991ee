import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP } from '../src/lib/capped-total.ts';
import {
  MAX_MERGED_OWNER_ENTERPRISES,
  ownershipArms,
  ownProjectsPageQuery,
} from '../src/modules/projects/projects.repository.ts';
import { explainPlan, firstLimit, planNodes, readsTable } from './support/query-plan.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * 我的项目 (GET /api/projects) over an owner with more projects than the list counts (issue 6: the bench's applicant
 * registered all 1M projects, and its list took 2.5 s). The page is a merge of one index walk per ownership key
 * (migration 0027): the enterprise's projects, and those the account created for other enterprises.
 */

interface OwnList {
  items: { id: string; status: string; updatedAt: string }[];
  total: number;
  totalIsLowerBound: boolean;
}

const CLONES = 2 * COUNT_CAP;

describe('my projects at scale', () => {
  let t: TestApp;
  let applicant = '';
  let agent = '';
  let ids = { applicant: '', enterprise: '', otherEnterprise: '', thirdEnterprise: '', colleague: '' };
  const list = (token: string, query: string) => t.getOk<OwnList>(token, `/api/projects?${query}`);
  /** The expected order, independently: the ids matching `where`, most recently changed first, then by id. */
  const expected = async (where: ReturnType<typeof sql>) => {
    const { rows } = await t.ctx.db.execute<{ id: string }>(
      sql`SELECT id FROM projects WHERE ${where} ORDER BY updated_at DESC, id`,
    );
    return rows.map((row) => row.id);
  };
  const pageOf = async (token: string, filter: string, page: number, pageSize: number) =>
    (await list(token, [filter, `page=${page}&pageSize=${pageSize}`].filter(Boolean).join('&'))).items.map((p) => p.id);

  beforeAll(async () => {
    t = await createTestApp();
    applicant = await t.login('applicant');
    agent = await t.login('agent');
    const { rows } = await t.ctx.db.execute<{ applicant: string; enterprise: string; colleague: string }>(sql`
      SELECT a.id AS applicant, a.enterprise_id AS enterprise,
             (SELECT id FROM users WHERE username = 'window') AS colleague
        FROM users a WHERE a.username = 'applicant'`);
    // Two more enterprises, copies of the demo one under other credit codes (uniqueness is all the database checks).
    const others = await t.ctx.db.execute<{ id: string }>(sql`
      INSERT INTO enterprises (credit_code, name, legal_representative, region_code, address, contact_name,
                               contact_phone_encrypted, contact_phone_index, contact_id_number_encrypted)
      SELECT 'SCALE-' || n, name || n, legal_representative, region_code, address, contact_name,
             contact_phone_encrypted, contact_phone_index, contact_id_number_encrypted
        FROM enterprises, generate_series(1, 2) AS n
       WHERE id = ${rows[0]!.enterprise}
      RETURNING id`);
    ids = {
      applicant: rows[0]!.applicant,
      enterprise: rows[0]!.enterprise,
      colleague: rows[0]!.colleague,
      otherEnterprise: others.rows[0]!.id,
      thirdEnterprise: others.rows[1]!.id,
    };
    // The agent acts for the demo enterprise (demo seed) and, from here, for a second one.
    await t.ctx.db.execute(sql`
      INSERT INTO enterprise_agents (enterprise_id, agent_user_id, authorised_by, authorised_at)
      SELECT ${ids.otherEnterprise}, id, id, now() FROM users WHERE username = 'agent'`);
    // Copies of the demo draft: i % 5 decides the owner — 0, 1: the applicant's enterprise, registered by someone else
    // (the agent's too); 2: registered by the applicant for another enterprise (the agent's second one); 3: another
    // enterprise, by someone else (the agent's); 4: a third enterprise (nobody's here). Changed in an order unrelated
    // to i, some at the same instant (the id breaks the tie); a mix of statuses (codes for the coded ones).
    const columns = await t.ctx.db.execute<{ column_name: string }>(sql`
      SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'projects'
         AND column_name NOT IN ('id', 'enterprise_id', 'created_by', 'status', 'code', 'coded_at', 'updated_at')`);
    const kept = columns.rows.map((c) => `"${c.column_name}"`).join(', ');
    await t.ctx.db.execute(
      sql.raw(`
      INSERT INTO projects (${kept}, enterprise_id, created_by, status, code, coded_at, updated_at)
      SELECT ${kept},
             CASE i % 5 WHEN 0 THEN '${ids.enterprise}' WHEN 1 THEN '${ids.enterprise}'
                        WHEN 2 THEN '${ids.otherEnterprise}' WHEN 3 THEN '${ids.otherEnterprise}'
                        ELSE '${ids.thirdEnterprise}' END::uuid,
             CASE WHEN i % 5 = 2 THEN '${ids.applicant}' ELSE '${ids.colleague}' END::uuid,
             CASE WHEN i % 3 = 0 THEN 'coded' ELSE 'draft' END,
             CASE WHEN i % 3 = 0 THEN 'SCALE-' || i END,
             CASE WHEN i % 3 = 0 THEN now() END,
             timestamptz '2026-01-01T00:00:00Z' + ((i * 7919) % 4000) * interval '1 minute'
        FROM projects, generate_series(1, ${CLONES}) AS i
       WHERE projects.id = (SELECT id FROM projects WHERE status = 'draft' AND enterprise_id = '${ids.enterprise}' LIMIT 1)`),
    );
    await t.ctx.db.execute(sql`ANALYZE projects`);
  }, 120_000);
  afterAll(async () => t?.close());

  it("lists the applicant's enterprise's projects and those it registered elsewhere, newest change first", async () => {
    const mine = await expected(sql`enterprise_id = ${ids.enterprise} OR created_by = ${ids.applicant}`);
    expect(mine.length).toBeGreaterThan(COUNT_CAP);
    const first = await list(applicant, 'page=1&pageSize=200');
    expect(first).toMatchObject({ total: COUNT_CAP, totalIsLowerBound: true });
    expect(first.items.map((p) => p.id)).toEqual(mine.slice(0, 200));
    // Pages follow on without gaps or repeats, deep into the list too.
    expect(await pageOf(applicant, '', 2, 200)).toEqual(mine.slice(200, 400));
    expect(await pageOf(applicant, '', 50, 200)).toEqual(mine.slice(9800, 10000));
    expect(await pageOf(applicant, '', 37, 7)).toEqual(mine.slice(252, 259));
  });

  it('filters by status, counting exactly below the cap', async () => {
    const coded = await expected(
      sql`(enterprise_id = ${ids.enterprise} OR created_by = ${ids.applicant}) AND status = 'coded'`,
    );
    expect(coded.length).toBeLessThan(COUNT_CAP);
    const first = await list(applicant, 'status=coded&page=1&pageSize=100');
    expect(first).toMatchObject({ total: coded.length, totalIsLowerBound: false });
    expect(first.items.map((p) => p.id)).toEqual(coded.slice(0, 100));
    expect(first.items.every((p) => p.status === 'coded')).toBe(true);
    expect(await pageOf(applicant, 'status=coded', 13, 100)).toEqual(coded.slice(1200, 1300));
  });

  it("merges an agent's enterprises; nobody sees a project of an enterprise it does not act for", async () => {
    const theirs = await expected(sql`enterprise_id IN (${ids.enterprise}, ${ids.otherEnterprise})`);
    expect(await pageOf(agent, '', 1, 200)).toEqual(theirs.slice(0, 200));
    expect(await pageOf(agent, '', 21, 200)).toEqual(theirs.slice(4000, 4200));
    const third = new Set(await expected(sql`enterprise_id = ${ids.thirdEnterprise}`));
    for (const token of [applicant, agent]) {
      const seen = await pageOf(token, '', 1, 200);
      expect(seen.some((id) => third.has(id))).toBe(false);
    }
  });

  it('lists an owner of more enterprises than it merges in one sorted read, in the same order', async () => {
    // Two real enterprises and enough unknown ones to pass the merge's limit: one filter over all of them.
    const many = [
      ids.enterprise,
      ids.otherEnterprise,
      ...Array.from(
        { length: MAX_MERGED_OWNER_ENTERPRISES },
        (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      ),
    ];
    const arms = ownershipArms({ enterpriseIds: many }, {});
    expect(arms).toHaveLength(1);
    const theirs = await expected(sql`enterprise_id IN (${ids.enterprise}, ${ids.otherEnterprise})`);
    const rows = await ownProjectsPageQuery(t.ctx.db, arms, { limit: 50, offset: 3000 });
    expect(rows.map((r) => r.project.id)).toEqual(theirs.slice(3000, 3050));
  });

  it('refuses a page beyond the first 10,000 projects, naming the page', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/projects?page=51&pageSize=200',
      headers: { authorization: `Bearer ${applicant}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ fields: { field: string; message: string }[] }>().fields).toEqual([
      expect.objectContaining({ field: 'page', message: '最多可查看前 10,000 个项目，请按状态筛选' }),
    ]);
  });

  it('chooses the page off the owner indexes before joining, merging their walks without a sort', async () => {
    const arms = ownershipArms({ enterpriseIds: [ids.enterprise], createdBy: ids.applicant }, {});
    const plan = await explainPlan(t.ctx.db, ownProjectsPageQuery(t.ctx.db, arms, { limit: 20, offset: 200 }), {
      sort: false,
    });
    const nodes = planNodes(plan);
    expect(nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false);
    expect(nodes.some((n) => n['Node Type'] === 'Merge Append')).toBe(true);
    const indexes = nodes.map((n) => (n as { 'Index Name'?: string })['Index Name']);
    expect(indexes).toEqual(expect.arrayContaining(['projects_owner_enterprise_idx', 'projects_owner_creator_idx']));
    // Nothing but projects is read below the page's Limit: the names are joined to its 20 rows only.
    const limit = firstLimit(plan)!;
    expect(readsTable(limit, 'projects')).toBe(true);
    expect(readsTable(limit, 'enterprises')).toBe(false);
    expect(readsTable(limit, 'regions')).toBe(false);
  });
});
